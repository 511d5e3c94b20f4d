"""Staff: the synonym list, and the search analytics (top queries, queries that find nothing,
queries whose results nobody clicks), per day."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import F, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import SearchQueryDay, Synonym
from .services import search_analytics_flush, synonym_delete, synonym_save


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    list_display = ("terms", "is_active", "updated_at")
    list_filter = ("is_active",)
    search_fields = ("terms",)

    def save_model(self, request: HttpRequest, obj: Synonym, form: Any, change: bool) -> None:
        synonym_save(synonym=obj)

    def delete_model(self, request: HttpRequest, obj: Synonym) -> None:
        synonym_delete(synonym=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Synonym]) -> None:
        for synonym in queryset:
            synonym_delete(synonym=synonym)


class OutcomeFilter(admin.SimpleListFilter):
    title = _("outcome")
    parameter_name = "outcome"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("zero", _("Found nothing")),
            ("no_clicks", _("Found something, nobody clicked")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "zero":
            return queryset.filter(zero_results__gt=0)
        if self.value() == "no_clicks":
            return queryset.filter(clicks=0, searches__gt=F("zero_results"))
        return queryset


@admin.register(SearchQueryDay)
class SearchQueryDayAdmin(admin.ModelAdmin):
    list_display = ("day", "query", "searches", "zero_results", "clicks", "click_rate")
    list_filter = (OutcomeFilter, "day")
    search_fields = ("query",)
    date_hierarchy = "day"
    ordering = ("-day", "-searches", "query")
    readonly_fields = ("day", "query", "searches", "zero_results", "clicks")

    @admin.display(description=_("clicks per search"))
    def click_rate(self, obj: SearchQueryDay) -> str:
        return f"{obj.clicks / obj.searches:.2f}" if obj.searches else "-"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> Any:
        search_analytics_flush()  # show the counts still waiting in this process too
        return super().changelist_view(request, extra_context)
