from __future__ import annotations

from datetime import timedelta

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from shop.core.admin import ReadOnlyAdmin
from shop.core.charts import bar_chart

from .models import OfferClick, OfferConversion, OfferSetting, OfferStat
from .selectors import offer_dashboard

# The dashboard's periods, in days (None: since the first impression).
PERIODS = {"7": 7, "30": 30, "all": None}
CHART_LABEL = 30  # characters of "promotion · segment" the chart's row labels keep


@admin.register(OfferSetting)
class OfferSettingAdmin(admin.ModelAdmin):
    """Staff pin a promotion (shown whenever the shopper can use it) or exclude it (never
    shown); promotions without a setting are the bandit's to choose."""

    list_display = ("promotion", "mode", "updated_at")
    list_editable = ("mode",)
    list_filter = ("mode",)
    list_select_related = ("promotion",)
    change_list_template = "admin/offers/offersetting/change_list.html"

    def get_urls(self) -> list[URLPattern]:
        dashboard = path(
            "dashboard/",
            self.admin_site.admin_view(self.dashboard_view),
            name="offers_dashboard",
        )
        return [dashboard, *super().get_urls()]

    def dashboard_view(self, request: HttpRequest) -> HttpResponse:
        """Impressions, clicks, conversions and revenue per promotion and segment, as a chart
        (conversions) and a table (everything)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        period = request.GET.get("period", "30")
        if period not in PERIODS:
            period = "30"
        days = PERIODS[period]
        since = timezone.localdate() - timedelta(days=days - 1) if days else None
        rows = offer_dashboard(since=since)
        labels = [_short(f"{row.promotion} · {row.segment_label}") for row in rows]
        chart = bar_chart(
            labels,
            [float(row.conversions) for row in rows],
            label_width=230,
            fmt=lambda value: f"{value:.0f}",
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Offers dashboard"),
            "opts": self.model._meta,
            "rows": rows,
            "chart": chart,
            "period": period,
            "periods": [("7", _("7 days")), ("30", _("30 days")), ("all", _("All time"))],
            "settings_url": reverse("admin:offers_offersetting_changelist"),
        }
        return TemplateResponse(request, "admin/offers/dashboard.html", context)


def _short(text: str) -> str:
    return text if len(text) <= CHART_LABEL else text[: CHART_LABEL - 1] + "…"


@admin.register(OfferStat)
class OfferStatAdmin(ReadOnlyAdmin):
    list_display = (
        "day",
        "promotion",
        "segment",
        "placement",
        "impressions",
        "clicks",
        "conversions",
        "revenue",
    )
    list_filter = ("placement", "segment", "day")
    list_select_related = ("promotion",)
    date_hierarchy = "day"


@admin.register(OfferClick)
class OfferClickAdmin(ReadOnlyAdmin):
    list_display = ("clicked_at", "promotion", "segment", "placement", "customer", "converted")
    list_filter = ("placement", "segment")
    list_select_related = ("promotion", "user", "conversion")
    date_hierarchy = "clicked_at"
    show_full_result_count = False

    @admin.display(description=_("customer"))
    def customer(self, obj: OfferClick) -> str:
        return obj.user.get_username() if obj.user else "-"

    @admin.display(description=_("converted"), boolean=True)
    def converted(self, obj: OfferClick) -> bool:
        return hasattr(obj, "conversion")


@admin.register(OfferConversion)
class OfferConversionAdmin(ReadOnlyAdmin):
    list_display = ("converted_at", "order_link", "promotion", "revenue", "withdrawn_at")
    list_select_related = ("click__promotion",)
    date_hierarchy = "converted_at"

    @admin.display(description=_("order"))
    def order_link(self, obj: OfferConversion) -> str:
        url = reverse("admin:orders_order_change", args=[obj.order_id])
        return format_html('<a href="{}">#{}</a>', url, obj.order_id)

    @admin.display(description=_("promotion"))
    def promotion(self, obj: OfferConversion) -> str:
        return str(obj.click.promotion)
