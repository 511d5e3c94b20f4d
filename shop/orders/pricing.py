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

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from . import discounts

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
    # What promotions are scoped by (see ``discounts.Scope``).
    product_id: int | None = None
    product_type_id: int | None = None
    category_id: int | None = None
    brand: str = ""


@dataclass(frozen=True)
class PricedLine:
    key: Hashable
    unit_price: Decimal  # what the customer pays per unit, before discounts
    quantity: int
    total: Decimal  # what the customer pays for the line, discounts taken off
    tax_rate: Decimal
    tax: Decimal  # the part of ``total`` that is tax
    discount: Decimal = ZERO

    @property
    def net(self) -> Decimal:
        return self.total - self.tax

    @property
    def undiscounted(self) -> Decimal:
        return self.total + self.discount


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
    subtotal: Decimal  # the lines before discounts
    shipping: Decimal
    shipping_tax_rate: Decimal
    shipping_tax: Decimal
    tax: Decimal  # all the tax in ``total``
    total: Decimal
    prices_include_tax: bool = True
    discount: Decimal = ZERO  # taken off the lines
    shipping_discount: Decimal = ZERO  # the delivery price free shipping saved
    discounts: discounts.Outcome = field(default_factory=discounts.Outcome)

    @property
    def goods_total(self) -> Decimal:
        """The lines as the customer pays them, discounts taken off."""
        return self.subtotal - self.discount

    @property
    def savings(self) -> Decimal:
        return self.discount + self.shipping_discount

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
    offers: Sequence[discounts.Offer] = (),
    segments: frozenset[str] = frozenset(),
) -> Quote:
    """Price ``lines`` in ``currency``; without ``shipping`` the total is the goods' total.
    ``offers`` are the promotions and voucher that may apply, for a shopper in ``segments``."""
    inputs = list(lines)
    units: list[tuple[LineInput, Decimal, Decimal]] = []
    for line in inputs:
        if line.currency != currency:
            raise CurrencyMismatch(f"a {line.currency} price in a {currency} basket")
        if line.tax_rate < 0:
            raise ValueError("a tax rate cannot be negative")
        unit = gross_price(line.unit_price, line.tax_rate, prices_include_tax=prices_include_tax)
        units.append((line, unit, line_total(unit, line.quantity)))

    def delivery(goods: Decimal) -> Decimal:
        return (
            shipping.price_for(goods, prices_include_tax=prices_include_tax) if shipping else ZERO
        )

    outcome = discounts.Outcome()
    if offers:
        items = [
            discounts.Item(
                key=line.key,
                amount=total,
                product_id=line.product_id,
                product_type_id=line.product_type_id,
                category_id=line.category_id,
                brand=line.brand,
            )
            for line, _unit, total in units
        ]
        outcome = discounts.best(
            offers, items, segments=segments, shipping_for=delivery if shipping else None
        )
    priced = []
    for line, unit, total in units:
        off = outcome.line_discount(line.key)
        paid = total - off
        priced.append(
            PricedLine(
                key=line.key,
                unit_price=unit,
                quantity=line.quantity,
                total=paid,
                tax_rate=line.tax_rate,
                tax=included_tax(paid, line.tax_rate),
                discount=off,
            )
        )
    subtotal = sum((line.undiscounted for line in priced), ZERO)
    discount = sum((line.discount for line in priced), ZERO)
    shipping_price = delivery(subtotal - discount)
    shipping_rate = shipping.tax_rate if shipping is not None else ZERO
    shipping_discount = ZERO
    if outcome.free_shipping:
        shipping_discount, shipping_price = shipping_price, ZERO
    shipping_tax = included_tax(shipping_price, shipping_rate)
    return Quote(
        currency=currency,
        lines=tuple(priced),
        subtotal=subtotal,
        shipping=shipping_price,
        shipping_tax_rate=shipping_rate,
        shipping_tax=shipping_tax,
        tax=sum((line.tax for line in priced), ZERO) + shipping_tax,
        total=subtotal - discount + shipping_price,
        prices_include_tax=prices_include_tax,
        discount=discount,
        shipping_discount=shipping_discount,
        discounts=outcome,
    )
