"""Shipping methods: a fixed list with prices, free above a threshold."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ShippingMethod:
    code: str
    name: str | Promise
    price: Decimal
    free_over: Decimal | None
    days: str

    def price_for(self, subtotal: Decimal) -> Decimal:
        if self.free_over is not None and subtotal >= self.free_over:
            return Decimal("0.00")
        return self.price


def shipping_methods() -> list[ShippingMethod]:
    free_over = Decimal(settings.FREE_SHIPPING_THRESHOLD)
    return [
        ShippingMethod("standard", _("Standard delivery"), Decimal("4.95"), free_over, "3-5"),
        ShippingMethod("express", _("Express delivery"), Decimal("12.95"), None, "1"),
    ]


def shipping_method_get(code: str) -> ShippingMethod | None:
    return next((method for method in shipping_methods() if method.code == code), None)
