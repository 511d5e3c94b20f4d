from __future__ import annotations

from django.db.models import Count, ExpressionWrapper, F, FloatField, Q, QuerySet
from django.db.models.functions import Cast

from shop.accounts.models import User
from shop.catalogue.models import Product

from .models import Review


def review_list_for_product(*, product: Product) -> QuerySet[Review]:
    """Visible reviews, newest first, with their authors in the same query."""
    return (
        Review.objects.filter(product=product, is_hidden=False)
        .select_related("user")
        .order_by("-updated_at", "-id")
    )


def review_get_own(*, user: User, product: Product) -> Review | None:
    return Review.objects.filter(user=user, product=product).first()


# Columns of the per-product sentiment summary that staff can sort by (``?o=``, "-" first
# for descending); anything else falls back to the default.
SENTIMENT_SUMMARY_ORDERS = (
    "title",
    "scored",
    "positive",
    "neutral",
    "negative",
    "positive_share",
    "negative_share",
    "disagreeing",
)
SENTIMENT_SUMMARY_DEFAULT_ORDER = "-negative_share"


def product_sentiment_summary(
    *, search: str = "", order: str = SENTIMENT_SUMMARY_DEFAULT_ORDER, min_reviews: int = 1
) -> QuerySet[Product]:
    """Products with at least ``min_reviews`` visible scored reviews and their sentiment counts.

    Annotated with ``scored``, ``positive``, ``neutral``, ``negative``, ``disagreeing`` and the
    shares ``positive_share``/``neutral_share``/``negative_share`` in [0, 1]; one grouped query.
    Hidden reviews are left out, as they are from the product's star average.
    """
    scored = Q(reviews__is_hidden=False) & ~Q(reviews__sentiment="")

    def count(condition: Q) -> Count:
        return Count("reviews", filter=scored & condition)

    def share(name: str) -> ExpressionWrapper:
        return ExpressionWrapper(
            Cast(F(name), FloatField()) / Cast(F("scored"), FloatField()),
            output_field=FloatField(),
        )

    if order.lstrip("-") not in SENTIMENT_SUMMARY_ORDERS:
        order = SENTIMENT_SUMMARY_DEFAULT_ORDER
    products = (
        Product.objects.annotate(
            scored=Count("reviews", filter=scored),
            positive=count(Q(reviews__sentiment=Review.Sentiment.POSITIVE)),
            neutral=count(Q(reviews__sentiment=Review.Sentiment.NEUTRAL)),
            negative=count(Q(reviews__sentiment=Review.Sentiment.NEGATIVE)),
            disagreeing=count(Q(reviews__sentiment_disagrees=True)),
        )
        .filter(scored__gte=max(1, min_reviews))
        .annotate(
            positive_share=share("positive"),
            neutral_share=share("neutral"),
            negative_share=share("negative"),
        )
    )
    if search.strip():
        products = products.filter(Q(title__icontains=search) | Q(sku__iexact=search.strip()))
    # The secondary keys make the order total, so pages never repeat or skip a product.
    return products.order_by(order, "-scored", "pk")


def sentiment_totals() -> dict[str, int]:
    """Visible reviews by sentiment, with "" for reviews without text (stars only)."""
    rows = (
        Review.objects.filter(is_hidden=False)
        .values("sentiment")
        .annotate(count=Count("id"))
        .order_by()
    )
    totals = {value: 0 for value in ("", *Review.Sentiment.values)}
    totals.update({row["sentiment"]: row["count"] for row in rows})
    return totals


def review_stars_and_sentiments() -> list[tuple[int, str, float]]:
    """``(stars, sentiment, confidence)`` of every scored review, for the agreement figure."""
    return [
        (stars, sentiment, confidence or 0.0)
        for stars, sentiment, confidence in Review.objects.exclude(sentiment="")
        .order_by("pk")
        .values_list("stars", "sentiment", "sentiment_confidence")
    ]
