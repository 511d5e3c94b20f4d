from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import Review
from .services import review_set_hidden


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = (
        "product",
        "user",
        "stars",
        "title",
        "is_verified_purchase",
        "is_hidden",
        "updated_at",
    )
    list_filter = ("is_hidden", "is_verified_purchase", "stars")
    list_select_related = ("product", "user")
    search_fields = ("title", "body", "product__title", "user__username")
    raw_id_fields = ("product", "user")
    readonly_fields = ("is_verified_purchase", "created_at", "updated_at")
    actions = ("hide_reviews", "show_reviews")
    date_hierarchy = "created_at"

    @admin.action(description=_("Hide selected reviews"))
    def hide_reviews(self, request: HttpRequest, queryset: QuerySet[Review]) -> None:
        for review in queryset:
            review_set_hidden(review=review, hidden=True)
        messages.success(request, _("Reviews hidden."))

    @admin.action(description=_("Show selected reviews"))
    def show_reviews(self, request: HttpRequest, queryset: QuerySet[Review]) -> None:
        for review in queryset:
            review_set_hidden(review=review, hidden=False)
        messages.success(request, _("Reviews shown."))
