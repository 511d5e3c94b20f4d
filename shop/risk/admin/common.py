"""What the risk admin pages share: feature labels and the reasons as a list."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from ..models import OrderRisk

FEATURE_LABELS = {
    "account_age_hours": _("Account age at order (hours)"),
    "previous_orders": _("Previous orders"),
    "amount": _("Order total"),
    "amount_vs_usual": _("Total vs this customer's usual (x)"),
    "failed_payments_24h": _("Declined payments, last 24 h"),
    "new_address": _("Ships to a new address (1 = yes)"),
    "new_country": _("Ships to a new country (1 = yes)"),
    "orders_24h": _("Orders by this account, last 24 h"),
    "address_orders_24h": _("Other accounts' orders to this address, last 24 h"),
    "max_quantity": _("Largest quantity of one product"),
    "billing_mismatch": _("Billing address differs from delivery (1 = yes)"),
}


def reasons_html(risk: OrderRisk) -> str:
    if not risk.reasons:
        return str(_("nothing unusual"))
    return format_html(
        "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((r,) for r in risk.reasons))
    )
