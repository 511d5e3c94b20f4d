"""Risk on the orders' own admin: a column in the list and a section on each order."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from shop.orders.admin import OrderAdminSection, order_admin_section_register
from shop.orders.models import Order

from ..models import OrderRisk
from .common import reasons_html


def _risk_of(order: Order) -> OrderRisk | None:
    try:
        return order.risk
    except ObjectDoesNotExist:  # orders placed before risk scoring, until the backfill
        return None


@admin.display(description=_("risk"), ordering="risk__score")
def order_risk_level(order: Order) -> str:
    """The order list's risk column."""
    risk = _risk_of(order)
    if risk is None:
        return "-"
    label = f"{risk.get_level_display()} ({risk.score})"
    return f"{label}, {_('held')}" if risk.is_held else label


@admin.display(description=_("risk"))
def order_risk_summary(order: Order) -> str:
    """The risk section of an order's page: score, state, reasons, a link to decide."""
    risk = _risk_of(order)
    if risk is None:
        return str(_("Not scored yet."))
    url = reverse("admin:risk_orderrisk_change", args=[risk.pk])
    state = (
        _("held for review: it cannot ship until approved")
        if risk.is_held
        else risk.get_decision_display()
    )
    return format_html(
        '<p><a href="{}">{}</a>: {} ({})</p>{}',
        url,
        _("Score %(score)s, %(level)s") % {"score": risk.score, "level": risk.get_level_display()},
        state,
        risk.decided_by or "",
        reasons_html(risk),
    )


order_admin_section_register(
    uid="risk",
    section=OrderAdminSection(
        title=_("Risk"),
        field=order_risk_summary,
        column=order_risk_level,
        filters=("risk__level", "risk__decision"),
        select_related=("risk",),
    ),
)
