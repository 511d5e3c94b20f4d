"""Forecasts for staff: what to reorder, what runs low soon, and the run history with each
run's backtest (MASE and WAPE against seasonal naive and forecasting nothing)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from shop.core.admin import ReadOnlyAdmin, RunButtonAdmin

from .models import ForecastRun, LowStockForecast, ProductForecast, ReorderAdvice
from .selectors import current_run, low_stock_forecasts, reorder_advice
from .tasks import FORECAST_REFRESH


def _number(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


class _ForecastListAdmin(ReadOnlyAdmin):
    """Columns shared by the two stock lists; one query for the page's rows."""

    list_display_links = None
    search_fields = ("product__title", "product__sku", "product__brand")
    list_per_page = 100

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        context = {"forecast_run": current_run(), **(extra_context or {})}
        return super().changelist_view(request, extra_context=context)

    @admin.display(description=_("product"), ordering="product__title")
    def product_link(self, obj: ProductForecast) -> str:
        url = reverse("admin:catalogue_product_change", args=[obj.product_id])
        return format_html(
            '<a href="{}">{}</a><br><small>{}</small>', url, obj.product.title, obj.product.sku
        )

    @admin.display(description=_("stock now"), ordering="product__stock_quantity")
    def stock_now(self, obj: ProductForecast) -> int:
        return obj.product.stock_quantity

    @admin.display(description=_("lead time (days)"), ordering="product__lead_time_days")
    def lead_time(self, obj: ProductForecast) -> int:
        return obj.product.lead_time_days

    @admin.display(description=_("forecast 30 days"), ordering="forecast_30d")
    def forecast_30(self, obj: ProductForecast) -> str:
        return _number(obj.forecast_30d, 1)

    @admin.display(description=_("backtest MASE"), ordering="backtest_mase")
    def error_mase(self, obj: ProductForecast) -> str:
        return _number(obj.backtest_mase)


@admin.register(ReorderAdvice)
class ReorderAdviceAdmin(_ForecastListAdmin):
    """What to order from suppliers now: out of stock first, then what runs out before a
    reorder placed today could arrive, each with a suggested quantity."""

    list_display = (
        "product_link",
        "stock_status",
        "stock_now",
        "lead_time",
        "days_of_cover",
        "stockout_date",
        "forecast_30",
        "reorder_quantity",
    )
    list_filter = ("stock_status",)
    change_list_template = "admin/forecasting/reorderadvice/change_list.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[ReorderAdvice]:
        return reorder_advice()


@admin.register(LowStockForecast)
class LowStockForecastAdmin(_ForecastListAdmin):
    """Products still in stock that will not outlast the supplier's lead time."""

    list_display = (
        "product_link",
        "stock_now",
        "lead_time",
        "days_of_cover",
        "stockout_date",
        "forecast_30",
        "reorder_quantity",
        "error_mase",
        "method",
    )
    list_filter = ("method", ("product__category", admin.RelatedOnlyFieldListFilter))
    ordering = ("days_of_cover", "-forecast_14d")
    change_list_template = "admin/forecasting/lowstockforecast/change_list.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[LowStockForecast]:
        return low_stock_forecasts()


@admin.register(ForecastRun)
class ForecastRunAdmin(RunButtonAdmin, ReadOnlyAdmin):
    """The run history, with each run's backtest against the baselines."""

    list_display = (
        "started_at",
        "status",
        "is_current",
        "duration_seconds",
        "n_products",
        "n_low_stock",
        "mase_vs_baseline",
        "wape_vs_baseline",
        "beats",
        "method",
        "point_figures",
    )
    list_filter = ("status", "is_current")
    date_hierarchy = "started_at"
    fields = (
        "status",
        "is_current",
        "started_at",
        "finished_at",
        "duration_seconds",
        "history_days",
        "units_in_history",
        "n_products",
        "n_with_demand",
        "n_low_stock",
        "backtest_origins",
        "backtest_horizon_days",
        "method",
        "mase",
        "baseline_mase",
        "zero_mase",
        "mape",
        "baseline_mape",
        "mae",
        "baseline_mae",
        "point_method",
        "point_mase",
        "point_wape",
        "point_mae",
        "tier_table",
        "method_table",
        "error",
    )
    readonly_fields = fields
    change_list_template = "admin/forecasting/forecastrun/change_list.html"
    run_kind = FORECAST_REFRESH  # the "Refresh now" button

    def get_queryset(self, request: HttpRequest) -> QuerySet[ForecastRun]:
        return super().get_queryset(request).defer("methods", "point_methods")

    @admin.display(description=_("MASE (seasonal naive)"), ordering="mase")
    def mase_vs_baseline(self, obj: ForecastRun) -> str:
        return f"{_number(obj.mase)} ({_number(obj.baseline_mase)})"

    @admin.display(description=_("WAPE (seasonal naive)"), ordering="mape")
    def wape_vs_baseline(self, obj: ForecastRun) -> str:
        return f"{_percent(obj.mape)} ({_percent(obj.baseline_mape)})"

    @admin.display(description=_("beats baseline (MASE)"), boolean=True)
    def beats(self, obj: ForecastRun) -> bool | None:
        return obj.beats_baseline

    @admin.display(description=_("point forecast: MASE (WAPE)"), ordering="point_mase")
    def point_figures(self, obj: ForecastRun) -> str:
        return f"{_number(obj.point_mase)} ({_percent(obj.point_wape)})"

    @admin.display(description=_("planning and point forecast by tier"))
    def tier_table(self, obj: ForecastRun) -> str:
        if not obj.methods and not obj.point_methods:
            return "-"
        rows = []
        for tier in dict.fromkeys([*obj.methods, *obj.point_methods]):
            plan, point = obj.methods.get(tier, {}), obj.point_methods.get(tier, {})
            rows.append(
                (
                    tier,
                    plan.get("products", point.get("products", 0)),
                    plan.get("method", "-"),
                    _number(plan.get("mase")),
                    _percent(plan.get("wape")),
                    point.get("method", "-"),
                    _number(point.get("mase")),
                    _percent(point.get("wape")),
                )
            )
        body = format_html_join("", "<tr>" + "<td>{}</td>" * 8 + "</tr>", rows)
        headers = format_html_join(
            "",
            '<th scope="col">{}</th>',
            (
                (label,)
                for label in (
                    _("tier"),
                    _("products"),
                    _("planning forecast"),
                    _("MASE"),
                    _("WAPE"),
                    _("point forecast"),
                    _("MASE"),
                    _("WAPE"),
                )
            ),
        )
        return format_html(
            "<table><caption>{}</caption><thead><tr>{}</tr></thead><tbody>{}</tbody></table>",
            _(
                "Per tier, the stock-planning forecast (expected demand, drives cover and "
                "reorders) and the point forecast of the next 14 days (may forecast nothing), "
                "each chosen by the rolling backtest, with its backtest MASE and WAPE"
            ),
            headers,
            body,
        )

    @admin.display(description=_("methods by demand tier"))
    def method_table(self, obj: ForecastRun) -> str:
        if not obj.methods:
            return "-"
        rows = []
        for tier, info in obj.methods.items():
            candidates = info.get("candidates", {})
            ranked = sorted(
                candidates.items(),
                key=lambda item: (item[1].get("mase") is None, item[1].get("mase") or 0.0),
            )
            rows.append(
                (
                    tier,
                    info.get("products", 0),
                    format_html("<strong>{}</strong>", info.get("method", "")),
                    _number(info.get("mase")),
                    _percent(info.get("wape")),
                )
            )
            rows += [
                ("", "", name, _number(scores.get("mase")), _percent(scores.get("mape")))
                for name, scores in ranked
            ]
        body = format_html_join(
            "", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows
        )
        return format_html(
            "<table><caption>{}</caption><thead><tr>"
            '<th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>'
            '<th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>',
            _(
                "Backtest MASE of every candidate method per tier, 14-day totals; the first "
                "row of a tier is what it is forecast with"
            ),
            _("tier"),
            _("products"),
            _("method"),
            _("MASE"),
            _("WAPE"),
            body,
        )
