"""What a basket costs: line totals, subtotal, shipping, tax and total, in one currency,
rounded once.

Framework-free (Decimal and dataclasses only), like django-oscar's ``core/prices.py`` and
Saleor's ``checkout/base_calculations.py``: the cart page, checkout, the API and the demo seeder
all price through ``quote`` so a total can never be computed two ways. Callers fetch the prices
(from variants, locked or not), each line's tax rate (its product type's tax class in the
country shipped to) and the zone's shipping rate; this module only does the arithmetic and
refuses to add amounts of different currencies.

Tax: with ``prices_include_tax`` (the default, as EU consumer prices are written) a unit price
is what the customer pays and the tax is the part of it the rate accounts for; otherwise a unit
price is net and the customer pays it plus the tax. Either way the unit price shown is rounded
to the cent first, a line is that unit price times the quantity, and a line's tax is computed
from its gross total, so the receipt adds up line by line.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal("100")


class CurrencyMismatch(ValueError):
    """Two amounts in different currencies were combined: a programming error."""


def quantize(amount: Decimal) -> Decimal:
    """Round to the cent, halves away from zero (as shops and card schemes round)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def gross_price(price: Decimal, rate: Decimal, *, prices_include_tax: bool) -> Decimal:
    """What the customer pays for ``price`` taxed at ``rate`` percent."""
    if prices_include_tax:
        return quantize(price)
    return quantize(price * (HUNDRED + rate) / HUNDRED)


def included_tax(gross: Decimal, rate: Decimal) -> Decimal:
    """The tax inside a gross amount taxed at ``rate`` percent (19% of net inside 119)."""
    if rate <= 0:
        return ZERO
    return quantize(gross * rate / (HUNDRED + rate))


@dataclass(frozen=True)
class LineInput:
    """One basket line to price: ``key`` is whatever the caller identifies it by;
    ``tax_rate`` is in percent."""

    key: Hashable
    unit_price: Decimal
    quantity: int
    currency: str
    tax_rate: Decimal = ZERO


@dataclass(frozen=True)
class PricedLine:
    key: Hashable
    unit_price: Decimal  # what the customer pays per unit
    quantity: int
    total: Decimal
    tax_rate: Decimal
    tax: Decimal  # the part of ``total`` that is tax

    @property
    def net(self) -> Decimal:
        return self.total - self.tax


@dataclass(frozen=True)
class ShippingRate:
    """A delivery method's price in a zone, free from ``free_over`` (a subtotal, as the
    customer pays it) when that is set; taxed at ``tax_rate`` percent."""

    code: str
    price: Decimal
    free_over: Decimal | None = None
    tax_rate: Decimal = ZERO

    def price_for(self, subtotal: Decimal, *, prices_include_tax: bool = True) -> Decimal:
        if self.free_over is not None and subtotal >= self.free_over:
            return ZERO
        return gross_price(self.price, self.tax_rate, prices_include_tax=prices_include_tax)


@dataclass(frozen=True)
class TaxLine:
    rate: Decimal
    amount: Decimal


@dataclass(frozen=True)
class Quote:
    currency: str
    lines: tuple[PricedLine, ...]
    subtotal: Decimal
    shipping: Decimal
    shipping_tax_rate: Decimal
    shipping_tax: Decimal
    tax: Decimal  # all the tax in ``total``
    total: Decimal
    prices_include_tax: bool = True

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def net_total(self) -> Decimal:
        return self.total - self.tax

    @property
    def taxes(self) -> tuple[TaxLine, ...]:
        """The tax per rate, lines and shipping together, lowest rate first."""
        by_rate: dict[Decimal, Decimal] = {}
        for line in self.lines:
            by_rate[line.tax_rate] = by_rate.get(line.tax_rate, ZERO) + line.tax
        if self.shipping_tax:
            rate = self.shipping_tax_rate
            by_rate[rate] = by_rate.get(rate, ZERO) + self.shipping_tax
        return tuple(TaxLine(rate, amount) for rate, amount in sorted(by_rate.items()) if amount)


def line_total(unit_price: Decimal, quantity: int) -> Decimal:
    if quantity < 0:
        raise ValueError("a quantity cannot be negative")
    return quantize(unit_price * quantity)


def quote(
    lines: Iterable[LineInput],
    *,
    currency: str,
    shipping: ShippingRate | None = None,
    prices_include_tax: bool = True,
) -> Quote:
    """Price ``lines`` in ``currency``; without ``shipping`` the total is the subtotal."""
    priced = []
    for line in lines:
        if line.currency != currency:
            raise CurrencyMismatch(f"a {line.currency} price in a {currency} basket")
        if line.tax_rate < 0:
            raise ValueError("a tax rate cannot be negative")
        unit = gross_price(line.unit_price, line.tax_rate, prices_include_tax=prices_include_tax)
        total = line_total(unit, line.quantity)
        priced.append(
            PricedLine(
                key=line.key,
                unit_price=unit,
                quantity=line.quantity,
                total=total,
                tax_rate=line.tax_rate,
                tax=included_tax(total, line.tax_rate),
            )
        )
    subtotal = sum((line.total for line in priced), ZERO)
    shipping_price = ZERO
    shipping_rate = ZERO
    if shipping is not None:
        shipping_price = shipping.price_for(subtotal, prices_include_tax=prices_include_tax)
        shipping_rate = shipping.tax_rate
    shipping_tax = included_tax(shipping_price, shipping_rate)
    return Quote(
        currency=currency,
        lines=tuple(priced),
        subtotal=subtotal,
        shipping=shipping_price,
        shipping_tax_rate=shipping_rate,
        shipping_tax=shipping_tax,
        tax=sum((line.tax for line in priced), ZERO) + shipping_tax,
        total=subtotal + shipping_price,
        prices_include_tax=prices_include_tax,
    )
