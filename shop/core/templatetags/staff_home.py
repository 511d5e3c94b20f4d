"""The staff home page at the top of the admin index: today's orders and revenue against last
week, what waits for staff (held orders, stock, open tickets) and recommendation click-through,
as charts with their numbers. Each part shows only to staff who may view its admin.

An interface module, so it may read every app's selectors (``config/import_layers.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from customer_service.models import SupportTicket
from recommendations.selectors.dashboard import dashboard_click_through
from shop.core.charts import BarChart, bar_chart
from shop.forecasting.models import StockStatus
from shop.forecasting.selectors import low_stock_forecasts, reorder_advice
from shop.orders.selectors import daily_sales
from shop.risk.selectors import held_risks

register = template.Library()
CTR_DAYS = 30


@dataclass(frozen=True)
class Tile:
    label: str
    value: str
    url: str


@dataclass(frozen=True)
class StaffHome:
    tiles: list[Tile]
    orders_chart: BarChart | None
    revenue_chart: BarChart | None
    ctr_chart: BarChart | None

    @property
    def empty(self) -> bool:
        return not (self.tiles or self.orders_chart or self.ctr_chart)


def _money(value: float) -> str:
    return f"{value:,.2f}"


def _sales_charts() -> tuple[BarChart, BarChart]:
    today = timezone.localdate()
    week = [today - timedelta(days=k) for k in range(8)]
    sales = daily_sales(days=week)
    last_seven = [sales[day] for day in week[1:]]
    labels = [_("Today"), _("Same day last week"), _("Daily average, last 7 days")]
    orders = [
        float(sales[today].orders),
        float(sales[week[7]].orders),
        sum(s.orders for s in last_seven) / 7,
    ]
    revenue = [
        float(sales[today].revenue),
        float(sales[week[7]].revenue),
        float(sum((s.revenue for s in last_seven), Decimal("0")) / 7),
    ]
    return (
        bar_chart(labels, orders, fmt=lambda v: f"{v:.1f}" if v % 1 else f"{v:.0f}"),
        bar_chart(labels, revenue, fmt=_money),
    )


def _ctr_chart() -> BarChart | None:
    totals = dashboard_click_through(days=CTR_DAYS).totals()
    if not any(t.impressions for t in totals):
        return None
    return bar_chart(
        [f"{t.label} ({t.clicks}/{t.impressions})" for t in totals],
        [t.ctr_percent or 0.0 for t in totals],
        label_width=330,
        fmt=lambda v: f"{v:.1f}%",
    )


@register.simple_tag(takes_context=True)
def staff_home(context: dict[str, Any]) -> StaffHome:
    """What the signed-in member of staff may see; a handful of queries, none per row."""
    user = context["request"].user
    tiles: list[Tile] = []
    if user.has_perm("risk.view_heldorder"):
        tiles.append(
            Tile(
                _("Orders held for review"),
                str(held_risks().count()),
                reverse("admin:risk_heldorder_changelist"),
            )
        )
    if user.has_perm("forecasting.view_reorderadvice"):
        advice = reorder_advice()
        out = advice.filter(stock_status=StockStatus.OUT_OF_STOCK).count()
        tiles.append(
            Tile(
                _("Out of stock now (to reorder)"),
                str(out),
                reverse("admin:forecasting_reorderadvice_changelist")
                + "?stock_status__exact=out_of_stock",
            )
        )
    if user.has_perm("forecasting.view_lowstockforecast"):
        tiles.append(
            Tile(
                _("Low stock soon"),
                str(low_stock_forecasts().count()),
                reverse("admin:forecasting_lowstockforecast_changelist"),
            )
        )
    if user.has_perm("customer_service.view_supportticket"):
        # A count of the model, as the tickets' own admin lists them (no selector for it yet).
        open_tickets = SupportTicket.objects.filter(status=SupportTicket.Status.OPEN).count()
        tiles.append(
            Tile(
                _("Open support tickets"),
                str(open_tickets),
                reverse("admin:customer_service_supportticket_changelist") + "?status__exact=open",
            )
        )
    orders_chart = revenue_chart = None
    if user.has_perm("orders.view_order"):
        orders_chart, revenue_chart = _sales_charts()
    ctr = _ctr_chart() if user.has_perm("recommendations.view_placementstat") else None
    return StaffHome(tiles, orders_chart, revenue_chart, ctr)
