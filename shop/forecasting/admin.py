from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from shop.core.admin import ReadOnlyAdmin, RunButtonAdmin

from .models import ForecastRun, LowStockForecast
from .selectors import current_run, low_stock_forecasts
from .tasks import FORECAST_REFRESH


def _number(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


class StockNowFilter(admin.SimpleListFilter):
    title = _("stock now")
    parameter_name = "stock_now"

    def lookups(self, request: HttpRequest, model_admin: Any) -> tuple[tuple[str, Any], ...]:
        return (("out", _("Out of stock")), ("in", _("Still in stock")))

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[LowStockForecast]
    ) -> QuerySet[LowStockForecast]:
        if self.value() == "out":
            return queryset.filter(product__stock_quantity=0)
        if self.value() == "in":
            return queryset.filter(product__stock_quantity__gt=0)
        return queryset


@admin.register(LowStockForecast)
class LowStockForecastAdmin(ReadOnlyAdmin):
    """Products to reorder now: their stock will not outlast the supplier's lead time."""

    list_display = (
        "product_link",
        "sku",
        "category",
        "stock_now",
        "lead_time",
        "days_of_cover",
        "stockout_date",
        "forecast_14d",
        "forecast_30d",
        "daily_rate",
        "error_mae",
        "error_mape",
        "method",
    )
    list_display_links = None
    list_filter = (
        "method",
        StockNowFilter,
        ("product__category", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("product__title", "product__sku", "product__brand")
    ordering = ("days_of_cover", "-forecast_14d")
    sortable_by = (
        "product_link",
        "stock_now",
        "lead_time",
        "days_of_cover",
        "stockout_date",
        "forecast_14d",
        "forecast_30d",
        "daily_rate",
        "error_mae",
        "error_mape",
    )
    list_per_page = 100
    change_list_template = "admin/forecasting/lowstockforecast/change_list.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[LowStockForecast]:
        return low_stock_forecasts()

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        context = {"forecast_run": current_run(), **(extra_context or {})}
        return super().changelist_view(request, extra_context=context)

    @admin.display(description=_("product"), ordering="product__title")
    def product_link(self, obj: LowStockForecast) -> str:
        url = reverse("admin:catalogue_product_change", args=[obj.product_id])
        return format_html('<a href="{}">{}</a>', url, obj.product.title)

    @admin.display(description=_("SKU"), ordering="product__sku")
    def sku(self, obj: LowStockForecast) -> str:
        return obj.product.sku

    @admin.display(description=_("category"))
    def category(self, obj: LowStockForecast) -> str:
        return obj.product.category.name

    @admin.display(description=_("stock now"), ordering="product__stock_quantity")
    def stock_now(self, obj: LowStockForecast) -> int:
        return obj.product.stock_quantity

    @admin.display(description=_("lead time (days)"), ordering="product__lead_time_days")
    def lead_time(self, obj: LowStockForecast) -> int:
        return obj.product.lead_time_days

    @admin.display(description=_("backtest MAE"), ordering="backtest_mae")
    def error_mae(self, obj: LowStockForecast) -> str:
        return _number(obj.backtest_mae)

    @admin.display(description=_("backtest MAPE (WAPE)"), ordering="backtest_mape")
    def error_mape(self, obj: LowStockForecast) -> str:
        return _percent(obj.backtest_mape)


@admin.register(ForecastRun)
class ForecastRunAdmin(RunButtonAdmin, ReadOnlyAdmin):
    """The run history, with each run's backtest against the seasonal naive baseline."""

    list_display = (
        "started_at",
        "status",
        "is_current",
        "duration_seconds",
        "n_products",
        "n_with_demand",
        "n_low_stock",
        "mae_vs_baseline",
        "mape_vs_baseline",
        "beats",
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
        "mae",
        "baseline_mae",
        "mape",
        "baseline_mape",
        "method_table",
        "error",
    )
    readonly_fields = fields
    change_list_template = "admin/forecasting/forecastrun/change_list.html"
    run_kind = FORECAST_REFRESH  # the "Refresh now" button

    @admin.display(description=_("MAE (seasonal naive)"), ordering="mae")
    def mae_vs_baseline(self, obj: ForecastRun) -> str:
        return f"{_number(obj.mae)} ({_number(obj.baseline_mae)})"

    @admin.display(description=_("MAPE (seasonal naive)"), ordering="mape")
    def mape_vs_baseline(self, obj: ForecastRun) -> str:
        return f"{_percent(obj.mape)} ({_percent(obj.baseline_mape)})"

    @admin.display(description=_("beats baseline"), boolean=True)
    def beats(self, obj: ForecastRun) -> bool | None:
        return obj.beats_baseline

    @admin.display(description=_("methods by demand tier"))
    def method_table(self, obj: ForecastRun) -> str:
        if not obj.methods:
            return "-"
        rows = []
        for tier, info in obj.methods.items():
            for name, scores in info.get("candidates", {}).items():
                chosen = _("chosen") if name == info.get("method") else ""
                rows.append(
                    (
                        tier,
                        info.get("products", 0),
                        name,
                        _number(scores.get("mae")),
                        _percent(scores.get("mape")),
                        chosen,
                    )
                )
        body = format_html_join(
            "", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows
        )
        return format_html(
            "<table><caption>{}</caption><thead><tr>"
            '<th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>'
            '<th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>'
            "</tr></thead><tbody>{}</tbody></table>",
            _("Backtest of every candidate method, 14-day totals"),
            _("tier"),
            _("products"),
            _("method"),
            _("MAE"),
            _("MAPE (WAPE)"),
            _("chosen"),
            body,
        )
