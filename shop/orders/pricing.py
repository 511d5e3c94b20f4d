"""What a basket costs: line totals, subtotal, shipping and total, in one currency, rounded once.

Framework-free (Decimal and dataclasses only), like django-oscar's ``core/prices.py`` and
Saleor's ``checkout/base_calculations.py``: the cart page, checkout, the API and the demo seeder
all price through ``quote`` so a total can never be computed two ways. Callers fetch the prices
(from products, locked or not) and the shipping rate; this module only does the arithmetic and
refuses to add amounts of different currencies.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


class CurrencyMismatch(ValueError):
    """Two amounts in different currencies were combined: a programming error."""


def quantize(amount: Decimal) -> Decimal:
    """Round to the cent, halves away from zero (as shops and card schemes round)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class LineInput:
    """One basket line to price: ``key`` is whatever the caller identifies it by."""

    key: Hashable
    unit_price: Decimal
    quantity: int
    currency: str


@dataclass(frozen=True)
class PricedLine:
    key: Hashable
    unit_price: Decimal
    quantity: int
    total: Decimal


@dataclass(frozen=True)
class ShippingRate:
    """A delivery method's price, free from ``free_over`` (a subtotal) when that is set."""

    code: str
    price: Decimal
    free_over: Decimal | None = None

    def price_for(self, subtotal: Decimal) -> Decimal:
        if self.free_over is not None and subtotal >= self.free_over:
            return ZERO
        return quantize(self.price)


@dataclass(frozen=True)
class Quote:
    currency: str
    lines: tuple[PricedLine, ...]
    subtotal: Decimal
    shipping: Decimal
    total: Decimal

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)


def line_total(unit_price: Decimal, quantity: int) -> Decimal:
    if quantity < 0:
        raise ValueError("a quantity cannot be negative")
    return quantize(unit_price * quantity)


def quote(
    lines: Iterable[LineInput], *, currency: str, shipping: ShippingRate | None = None
) -> Quote:
    """Price ``lines`` in ``currency``; without ``shipping`` the total is the subtotal."""
    priced = []
    for line in lines:
        if line.currency != currency:
            raise CurrencyMismatch(f"a {line.currency} price in a {currency} basket")
        priced.append(
            PricedLine(
                key=line.key,
                unit_price=quantize(line.unit_price),
                quantity=line.quantity,
                total=line_total(line.unit_price, line.quantity),
            )
        )
    subtotal = sum((line.total for line in priced), ZERO)
    shipping_price = shipping.price_for(subtotal) if shipping is not None else ZERO
    return Quote(
        currency=currency,
        lines=tuple(priced),
        subtotal=subtotal,
        shipping=shipping_price,
        total=subtotal + shipping_price,
    )
