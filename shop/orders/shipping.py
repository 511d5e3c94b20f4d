"""Shipping methods: a fixed list with prices, free above a threshold; priced by ``pricing``."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .pricing import ShippingRate


@dataclass(frozen=True)
class ShippingMethod:
    code: str
    name: str | Promise
    price: Decimal
    free_over: Decimal | None
    days: str

    @property
    def rate(self) -> ShippingRate:
        return ShippingRate(code=self.code, price=self.price, free_over=self.free_over)

    def price_for(self, subtotal: Decimal) -> Decimal:
        return self.rate.price_for(subtotal)


def shipping_methods() -> list[ShippingMethod]:
    free_over = Decimal(settings.FREE_SHIPPING_THRESHOLD)
    return [
        ShippingMethod("standard", _("Standard delivery"), Decimal("4.95"), free_over, "3-5"),
        ShippingMethod("express", _("Express delivery"), Decimal("12.95"), None, "1"),
    ]


def shipping_method_get(code: str) -> ShippingMethod | None:
    return next((method for method in shipping_methods() if method.code == code), None)
