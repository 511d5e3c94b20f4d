from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from shop.core.admin import RunButtonAdmin
from shop.core.charts import line_chart

from .models import Build, Interaction, PlacementStat
from .selectors import (
    CTR_DAYS,
    dashboard_builds,
    dashboard_click_through,
    dashboard_coverage,
    dashboard_exposure,
)
from .services import row_shown_flush
from .tasks import REBUILD


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "product", "user", "weight")
    list_filter = ("kind", "created_at")
    list_select_related = ("product", "user")
    raw_id_fields = ("product", "user")
    date_hierarchy = "created_at"
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Build)
class BuildAdmin(RunButtonAdmin):
    list_display = (
        "version",
        "status",
        "is_current",
        "started_at",
        "duration_seconds",
        "n_users",
        "n_items",
        "n_interactions",
        "ndcg_at_10",
        "precision_at_10",
        "coverage",
    )
    list_filter = ("status", "is_current")
    readonly_fields = [field.name for field in Build._meta.fields]
    change_list_template = "admin/recommendations/build/change_list.html"
    run_kind = REBUILD  # the "Rebuild now" button

    def get_urls(self) -> list[URLPattern]:
        dashboard = path(
            "dashboard/",
            self.admin_site.admin_view(self.dashboard_view),
            name="recommendations_dashboard",
        )
        return [dashboard, *super().get_urls()]

    def dashboard_view(self, request: HttpRequest) -> HttpResponse:
        """Builds with their offline metrics, click-through per placement over the last
        days, and how much of the catalogue the serving build covers."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        row_shown_flush()  # what waits in the buffer counts too
        clicks = dashboard_click_through(days=CTR_DAYS)
        chart = line_chart(
            [day.strftime("%d %b") for day in clicks.days],
            [
                (label, [None if v is None else 100 * v for v in clicks.series(value)])
                for value, label in clicks.placements
            ],
            fmt=lambda value: f"{value:.1f}%",
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Recommendations dashboard"),
            "opts": self.model._meta,
            "history": dashboard_builds(),
            "clicks": clicks,
            "totals": clicks.totals(),
            "chart": chart,
            "coverage": dashboard_coverage(),
            "exposure": dashboard_exposure(),
            "ctr_days": CTR_DAYS,
        }
        return TemplateResponse(request, "admin/recommendations/dashboard.html", context)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def _metric(self, obj: Build, name: str) -> str:
        value = (obj.metrics or {}).get(name)
        return f"{value:.3f}" if isinstance(value, int | float) else "-"

    @admin.display(description=_("NDCG@10"))
    def ndcg_at_10(self, obj: Build) -> str:
        return self._metric(obj, "ndcg@10")

    @admin.display(description=_("precision@10"))
    def precision_at_10(self, obj: Build) -> str:
        return self._metric(obj, "precision@10")

    @admin.display(description=_("coverage"))
    def coverage(self, obj: Build) -> str:
        return self._metric(obj, "coverage")


@admin.register(PlacementStat)
class PlacementStatAdmin(admin.ModelAdmin):
    list_display = ("day", "placement", "impressions", "clicks", "ctr")
    list_filter = ("placement", "day")
    date_hierarchy = "day"
    change_list_template = "admin/recommendations/placementstat/change_list.html"

    @admin.display(description=_("click-through rate"))
    def ctr(self, obj: PlacementStat) -> str:
        return f"{obj.click_through_rate:.1%}"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
