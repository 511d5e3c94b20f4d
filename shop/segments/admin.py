from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from shop.core.admin import ReadOnlyAdmin, RunButtonAdmin
from shop.core.charts import bar_chart

from .models import CustomerSegment, Segment, SegmentRun
from .selectors import segment_contradictions, segment_overview, segment_rule_rows
from .tasks import SEGMENTS_REFRESH


@admin.register(CustomerSegment)
class CustomerSegmentAdmin(RunButtonAdmin, ReadOnlyAdmin):
    list_display = (
        "customer",
        "segment",
        "recency",
        "frequency",
        "monetary",
        "tenure_days",
        "cluster",
    )
    list_filter = ("segment", "cluster")
    list_select_related = ("user",)
    search_fields = ("user__username", "user__email", "user__first_name", "user__last_name")
    ordering = ("segment", "-monetary")
    readonly_fields = (
        "user",
        "run",
        "segment",
        "cluster",
        "recency_days",
        "frequency",
        "monetary",
        "tenure_days",
    )
    change_list_template = "admin/segments/customersegment/change_list.html"
    # The "Refresh now" button, on the overview
    run_kind = SEGMENTS_REFRESH
    run_url_name = "segments_refresh"
    run_redirect = "admin:segments_overview"

    def get_urls(self) -> list[URLPattern]:
        overview = path(
            "overview/",
            self.admin_site.admin_view(self.overview_view),
            name="segments_overview",
        )
        return [overview, *super().get_urls()]

    def overview_view(self, request: HttpRequest) -> HttpResponse:
        """Customers per segment with their average recency, orders and spend, as a chart
        and a table, and how the latest run named its clusters."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        overview = segment_overview()
        chart = bar_chart(
            [row.label for row in overview.rows], [float(row.customers) for row in overview.rows]
        )
        changelist = reverse("admin:segments_customersegment_changelist")
        labels = dict(Segment.choices)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Customer segments"),
            "opts": self.model._meta,
            "overview": overview,
            "chart": chart,
            "changelist_url": changelist,
            "run_button": self.run_button(),
            "rule_rows": segment_rule_rows(overview.run),
            "contradictions": segment_contradictions(),
            "centroids": [
                {
                    **centroid,
                    "label": labels.get(centroid["segment"], centroid["segment"]),
                    "breakdown": ", ".join(
                        f"{labels.get(name, name)} {count}"
                        for name, count in centroid.get("segments", {}).items()
                    ),
                }
                for centroid in (overview.run.centroids if overview.run else [])
            ],
        }
        return TemplateResponse(request, "admin/segments/overview.html", context)

    @admin.display(description=_("customer"), ordering="user__username")
    def customer(self, obj: CustomerSegment) -> str:
        url = reverse("admin:accounts_user_change", args=[obj.user_id])
        return format_html('<a href="{}">{}</a>', url, obj.user.get_username())

    @admin.display(description=_("days since last order"), ordering="recency_days")
    def recency(self, obj: CustomerSegment) -> str:
        return "-" if obj.recency_days is None else f"{obj.recency_days:.0f}"


@admin.register(SegmentRun)
class SegmentRunAdmin(ReadOnlyAdmin):
    list_display = (
        "started_at",
        "status",
        "duration_seconds",
        "n_customers",
        "n_buyers",
        "n_clusters",
        "silhouette",
        "segment_sizes",
    )
    list_filter = ("status", "started_at")
    date_hierarchy = "started_at"
    readonly_fields = [field.name for field in SegmentRun._meta.fields]
    change_list_template = "admin/segments/segmentrun/change_list.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[SegmentRun]:
        return super().get_queryset(request).defer("rules")

    @admin.display(description=_("segment sizes"))
    def segment_sizes(self, obj: SegmentRun) -> str:
        labels = dict(Segment.choices)
        return ", ".join(
            f"{labels.get(segment, segment)} {count}"
            for segment, count in sorted(obj.sizes.items(), key=lambda item: -item[1])
        )

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra_context = {
            **(extra_context or {}),
            "overview_url": reverse("admin:segments_overview"),
        }
        return super().changelist_view(request, extra_context=extra_context)
