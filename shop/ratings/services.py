"""Writes for reviews. The product's average and count are kept right on every write."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import Avg, Count
from django.utils import timezone
from django.utils.translation import gettext as _

from shop.accounts.models import User
from shop.catalogue.models import Product
from shop.catalogue.services import product_rating_set
from shop.core import events
from shop.core.errors import ShopError
from shop.orders.selectors import product_bought_by

from .events import ReviewSubmitted
from .models import Review
from .sentiment import Prediction, review_text, stars_disagree
from .sentiment.classifier import ModelError
from .sentiment_model import sentiment_classifier

logger = logging.getLogger(__name__)

SENTIMENT_FIELDS = ("sentiment", "sentiment_confidence", "sentiment_disagrees")
SENTIMENT_BATCH = 500


class ReviewError(ShopError):
    pass


def product_rating_refresh(*, product_id: int) -> None:
    """Recompute a product's average and count from its visible reviews."""
    stats = Review.objects.filter(product_id=product_id, is_hidden=False).aggregate(
        average=Avg("stars"), count=Count("id")
    )
    average = Decimal(str(stats["average"] or 0)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    product_rating_set(product_id=product_id, average=average, count=stats["count"])


def _sentiment_fields(stars: int, prediction: Prediction | None) -> dict[str, Any]:
    """The review's sentiment columns; no text (``prediction`` None) means stars only."""
    if prediction is None:
        return {"sentiment": "", "sentiment_confidence": None, "sentiment_disagrees": False}
    return {
        "sentiment": str(prediction.label),
        "sentiment_confidence": round(prediction.confidence, 4),
        "sentiment_disagrees": stars_disagree(stars, prediction.label, prediction.confidence),
    }


def _sentiments_for(rows: Sequence[tuple[int, str, str]]) -> list[dict[str, Any]]:
    """Sentiment columns for ``(stars, title, body)`` rows, predicting in one batch."""
    texts = [review_text(title, body) for _, title, body in rows]
    with_text = [text for text in texts if text]
    predictions = iter(sentiment_classifier().predict(with_text))
    return [
        _sentiment_fields(stars, next(predictions) if text else None)
        for (stars, _, _), text in zip(rows, texts, strict=True)
    ]


def review_submit(
    *, user: User, product: Product, stars: int, title: str = "", body: str = ""
) -> Review:
    """Create or replace the customer's review of ``product``."""
    if not isinstance(stars, int) or not 1 <= stars <= 5:
        raise ReviewError(_("Choose from 1 to 5 stars."))
    title, body = title.strip(), body.strip()
    if len(title) > 120:
        raise ReviewError(_("The title can be at most 120 characters."))
    if len(body) > 5000:
        raise ReviewError(_("The review can be at most 5000 characters."))
    # Predicted before the product lock is taken: it needs no database and takes milliseconds.
    try:
        (sentiment,) = _sentiments_for([(stars, title, body)])
    except (ModelError, OSError, ValueError):
        # The review matters more than its label: it is saved unscored, and
        # `score_review_sentiment --unscored` labels it once the model is back.
        logger.exception("sentiment model unavailable; review saved without a sentiment")
        sentiment = _sentiment_fields(stars, None)
    with transaction.atomic():
        # Lock the product so concurrent reviews update its average one after another.
        Product.objects.select_for_update().filter(pk=product.pk).first()
        verified = product_bought_by(user=user, product_id=product.pk)
        review, _created = Review.objects.update_or_create(
            user=user,
            product=product,
            defaults={
                "stars": stars,
                "title": title,
                "body": body,
                "is_verified_purchase": verified,
                "updated_at": timezone.now(),
                **sentiment,
            },
        )
        product_rating_refresh(product_id=product.pk)
    events.publish(
        ReviewSubmitted(
            review_id=review.pk, product_id=product.pk, user_id=user.pk, stars=review.stars
        )
    )
    return review


@transaction.atomic
def review_set_hidden(*, review: Review, hidden: bool) -> Review:
    Product.objects.select_for_update().filter(pk=review.product_id).first()
    review.is_hidden = hidden
    review.save(update_fields=["is_hidden"])
    product_rating_refresh(product_id=review.product_id)
    return review


@transaction.atomic
def review_delete(*, user: User, review: Review) -> None:
    if review.user_id != user.pk:
        raise ReviewError(_("You can only delete your own review."))
    Product.objects.select_for_update().filter(pk=review.product_id).first()
    product_id = review.product_id
    review.delete()
    product_rating_refresh(product_id=product_id)


@dataclass(frozen=True, slots=True)
class SentimentRefreshResult:
    reviews: int  # reviews looked at
    scored: int  # with text, so with a sentiment
    disagreeing: int  # text and stars confidently disagree


def review_sentiment_refresh(
    *,
    review_ids: Iterable[int] | None = None,
    only_unscored: bool = False,
    batch_size: int = SENTIMENT_BATCH,
    progress: Callable[[int, int], None] | None = None,
) -> SentimentRefreshResult:
    """Score the sentiment of existing reviews (all, or ``review_ids``) in batches.

    Each batch is read with its rows locked, scored in one prediction and written with one
    bulk update in the same transaction, so a customer editing a review meanwhile waits for
    the batch and their text is never overwritten with the sentiment of the old text. A review
    depends on no other, so a run that stops half way leaves every scored row correct, and
    running again (``only_unscored``) finishes the rest. ``progress(done, total)`` is called
    after every batch.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    reviews = Review.objects.all()
    if review_ids is not None:
        reviews = reviews.filter(pk__in=list(review_ids))
    if only_unscored:
        # Blank sentiment is also "no text"; rescoring those is cheap (no prediction).
        reviews = reviews.filter(sentiment="")
    ids = list(reviews.order_by("pk").values_list("pk", flat=True))
    scored = disagreeing = 0
    for start in range(0, len(ids), batch_size):
        with transaction.atomic():
            batch = list(
                Review.objects.select_for_update()
                .filter(pk__in=ids[start : start + batch_size])
                .only("pk", "stars", "title", "body")
                .order_by("pk")
            )
            fields = _sentiments_for([(r.stars, r.title, r.body) for r in batch])
            for review, values in zip(batch, fields, strict=True):
                for name, value in values.items():
                    setattr(review, name, value)
                scored += bool(review.sentiment)
                disagreeing += review.sentiment_disagrees
            Review.objects.bulk_update(batch, SENTIMENT_FIELDS)
        if progress is not None:
            progress(min(start + batch_size, len(ids)), len(ids))
    return SentimentRefreshResult(reviews=len(ids), scored=scored, disagreeing=disagreeing)
