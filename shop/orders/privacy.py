"""Orders' share of a customer's data. Erasure keeps the orders (the shop must keep its books)
with the personal details removed; the cart goes with the user row."""

from __future__ import annotations

from typing import Any

from shop.accounts.models import User
from shop.core.privacy import PrivacySection, register

from .models import Order

ANONYMOUS_NAME = "Deleted customer"


def export_orders(user: User) -> list[dict[str, Any]]:
    orders = Order.objects.filter(user=user).prefetch_related("lines", "history")
    return [
        {
            "number": order.number,
            "status": order.status,
            "placed": order.created_at.isoformat(),
            "total": str(order.total),
            "tax": str(order.tax_total),
            "currency": order.currency,
            "shipping_address": order.shipping_address_lines(),
            "lines": [
                {
                    "title": line.title,
                    "variant": line.variant_name,
                    "sku": line.sku,
                    "quantity": line.quantity,
                    "unit_price": str(line.unit_price),
                    "tax_rate": str(line.tax_rate),
                    "tax": str(line.tax_amount),
                }
                for line in order.lines.all()
            ],
            "history": [
                {"status": change.to_status, "at": change.changed_at.isoformat()}
                for change in order.history.all()
            ],
        }
        for order in orders
    ]


def anonymise_orders(user: User) -> None:
    Order.objects.filter(user=user).update(
        user=None,
        email="",
        ship_full_name=ANONYMOUS_NAME,
        ship_line1="",
        ship_line2="",
        ship_phone="",
        tracking_number="",
    )


def connect() -> None:
    register(PrivacySection("orders", export_orders, anonymise_orders))
