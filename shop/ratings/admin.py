from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _

from .models import Review
from .selectors import (
    SENTIMENT_SUMMARY_DEFAULT_ORDER,
    SENTIMENT_SUMMARY_ORDERS,
    product_sentiment_summary,
    sentiment_totals,
)
from .services import review_sentiment_refresh, review_set_hidden

SUMMARY_PAGE_SIZE = 50


def _stacked_bar(counts: dict[str, int]) -> list[dict[str, Any]]:
    """Segments of a 100%-wide bar (offset and width in percent), one per sentiment."""
    total = sum(counts.values())
    parts, offset = [], 0.0
    for value, label in Review.Sentiment.choices:
        share = counts.get(value, 0) / total if total else 0.0
        parts.append(
            {
                "value": value,
                "label": label,
                "count": counts.get(value, 0),
                "share": share,
                "offset": round(offset * 100, 2),
                "width": round(share * 100, 2),
            }
        )
        offset += share
    return parts


class SentimentFilter(admin.SimpleListFilter):
    """Sentiment, plus "no text" for star-only reviews (blank, which a choices filter hides)."""

    title = _("sentiment")
    parameter_name = "sentiment"
    NO_TEXT = "none"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        choices = [(value, str(label)) for value, label in Review.Sentiment.choices]
        return [*choices, (self.NO_TEXT, str(_("No text (stars only)")))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Review]) -> QuerySet[Review]:
        value = self.value()
        if value == self.NO_TEXT:
            return queryset.filter(sentiment="")
        if value in Review.Sentiment.values:
            return queryset.filter(sentiment=value)
        return queryset


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = (
        "product",
        "user",
        "stars",
        "title",
        "sentiment_with_confidence",
        "sentiment_disagrees",
        "is_verified_purchase",
        "is_hidden",
        "updated_at",
    )
    list_filter = (
        SentimentFilter,
        "sentiment_disagrees",
        "is_hidden",
        "is_verified_purchase",
        "stars",
    )
    list_select_related = ("product", "user")
    search_fields = ("title", "body", "product__title", "user__username")
    raw_id_fields = ("product", "user")
    readonly_fields = (
        "is_verified_purchase",
        "sentiment",
        "sentiment_confidence",
        "sentiment_disagrees",
        "created_at",
        "updated_at",
    )
    actions = ("hide_reviews", "show_reviews", "score_sentiment")
    date_hierarchy = "created_at"
    change_list_template = "admin/ratings/review/change_list.html"

    @admin.display(description=_("sentiment"), ordering="sentiment")
    def sentiment_with_confidence(self, obj: Review) -> str:
        if not obj.sentiment:
            return "-"
        confidence = obj.sentiment_confidence or 0.0
        return f"{obj.get_sentiment_display()} ({confidence:.0%})"

    @admin.action(description=_("Hide selected reviews"), permissions=["change"])
    def hide_reviews(self, request: HttpRequest, queryset: QuerySet[Review]) -> None:
        for review in queryset:
            review_set_hidden(review=review, hidden=True)
        messages.success(request, _("Reviews hidden."))

    @admin.action(description=_("Show selected reviews"), permissions=["change"])
    def show_reviews(self, request: HttpRequest, queryset: QuerySet[Review]) -> None:
        for review in queryset:
            review_set_hidden(review=review, hidden=False)
        messages.success(request, _("Reviews shown."))

    @admin.action(
        description=_("Score the sentiment of selected reviews again"), permissions=["change"]
    )
    def score_sentiment(self, request: HttpRequest, queryset: QuerySet[Review]) -> None:
        result = review_sentiment_refresh(review_ids=queryset.values_list("pk", flat=True))
        messages.success(
            request,
            _("%(scored)d reviews with text scored; %(disagreeing)d disagree with their stars.")
            % {"scored": result.scored, "disagreeing": result.disagreeing},
        )

    def get_urls(self) -> list[URLPattern]:
        summary = path(
            "sentiment/",
            self.admin_site.admin_view(self.sentiment_summary_view),
            name="ratings_review_sentiment",
        )
        return [summary, *super().get_urls()]

    def sentiment_summary_view(self, request: HttpRequest) -> HttpResponse:
        """Sentiment per product: counts and shares, sortable, each linking to its reviews."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        search = request.GET.get("q", "").strip()[:100]
        order = request.GET.get("o", SENTIMENT_SUMMARY_DEFAULT_ORDER)
        if order.lstrip("-") not in SENTIMENT_SUMMARY_ORDERS:
            order = SENTIMENT_SUMMARY_DEFAULT_ORDER
        try:
            min_reviews = max(1, int(request.GET.get("min", "1")))
        except ValueError:
            messages.warning(request, _("“Minimum reviews” must be a whole number; showing all."))
            min_reviews = 1
        products = product_sentiment_summary(search=search, order=order, min_reviews=min_reviews)
        page = Paginator(products, SUMMARY_PAGE_SIZE).get_page(request.GET.get("p"))
        changelist = reverse("admin:ratings_review_changelist")
        rows = [
            {
                "product": product,
                "reviews_url": f"{changelist}?product__id__exact={product.pk}",
                "sentiment_url": f"{changelist}?product__id__exact={product.pk}&sentiment=",
                "disagree_url": (
                    f"{changelist}?product__id__exact={product.pk}&sentiment_disagrees__exact=1"
                ),
                "bar": _stacked_bar(
                    {
                        Review.Sentiment.POSITIVE: product.positive,  # type: ignore[attr-defined]
                        Review.Sentiment.NEUTRAL: product.neutral,  # type: ignore[attr-defined]
                        Review.Sentiment.NEGATIVE: product.negative,  # type: ignore[attr-defined]
                    }
                ),
            }
            for product in page.object_list
        ]
        totals = sentiment_totals()
        scored = sum(totals[value] for value in Review.Sentiment.values)
        overall = _stacked_bar({value: totals[value] for value in Review.Sentiment.values})
        columns = [
            ("title", _("Product")),
            ("scored", _("Reviews with text")),
            ("positive", _("Positive")),
            ("neutral", _("Neutral")),
            ("negative", _("Negative")),
            ("positive_share", _("Positive share")),
            ("negative_share", _("Negative share")),
            ("disagreeing", _("Text and stars disagree")),
        ]
        headers = [
            {
                "label": label,
                "key": key,
                "sorted": order.lstrip("-") == key,
                "descending": order == f"-{key}",
                "toggle": key if order == f"-{key}" else f"-{key}",
            }
            for key, label in columns
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Review sentiment per product"),
            "rows": rows,
            "page": page,
            "headers": headers,
            "order": order,
            "search": search,
            "min_reviews": min_reviews,
            "overall": overall,
            "scored": scored,
            "no_text": totals[""],
            "changelist_url": changelist,
        }
        return TemplateResponse(request, "admin/ratings/review/sentiment_summary.html", context)
