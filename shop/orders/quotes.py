"""The cart priced: its lines with their discounts, the delivery options and the totals.

Reads (selectors, re-exported by ``selectors``): one ``cart_quote`` prices a cart for pages,
the API and checkout alike, with the promotions and voucher the discount providers offer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from shop.catalogue.models import Product, ProductVariant
from shop.catalogue.selectors import variants_in_bulk
from shop.shipping.selectors import CountryShipping, ShippingOffer
from shop.taxes.selectors import country_taxes

from . import discounts, pricing
from .cart import CartStore
from .hooks import CartOffers, cart_offers, customer_segments
from .shipping import delivery_for, shipping_rate


@dataclass(frozen=True)
class CartLineView:
    variant: ProductVariant
    quantity: int
    unit_price: Decimal  # what the customer pays per unit in the cart's country
    line_total: Decimal  # discounts taken off
    tax_rate: Decimal
    problem: str = ""
    discount: Decimal = Decimal("0.00")

    @property
    def undiscounted_total(self) -> Decimal:
        return self.line_total + self.discount

    @property
    def product(self) -> Product:
        return self.variant.product


@dataclass(frozen=True)
class ShippingOption:
    method: ShippingOffer
    price: Decimal


@dataclass(frozen=True)
class CartSummary:
    lines: list[CartLineView]
    quote: pricing.Quote  # without shipping
    country: str
    delivery: CountryShipping
    user_id: int | None = None
    offers: CartOffers = field(default_factory=CartOffers)

    @property
    def subtotal(self) -> Decimal:
        return self.quote.subtotal

    @property
    def discount(self) -> Decimal:
        return self.quote.discount

    @property
    def goods_total(self) -> Decimal:
        return self.quote.goods_total

    @property
    def voucher_code(self) -> str:
        return self.offers.voucher_code

    @property
    def voucher_refusal(self) -> discounts.Refused | None:
        """Why the applied voucher, valid in itself, does not apply to this cart, or None."""
        for refused in self.quote.discounts.refused:
            if refused.offer.voucher_code:
                return refused
        return None

    @property
    def voucher_applied(self) -> bool:
        return any(a.offer.voucher_code for a in self.quote.discounts.applied)

    @property
    def currency(self) -> str:
        return self.quote.currency

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def is_empty(self) -> bool:
        return not self.lines

    @property
    def has_problems(self) -> bool:
        return any(line.problem for line in self.lines)

    @property
    def product_ids(self) -> list[int]:
        return sorted({line.variant.product_id for line in self.lines})

    def shipping_options(self) -> list[ShippingOption]:
        """The methods of the cart's country, priced for this cart (none if not served)."""
        return [
            ShippingOption(
                offer,
                self.priced_with(offer).shipping,
            )
            for offer in self.delivery.offers
        ]

    def priced_with(self, offer: ShippingOffer) -> pricing.Quote:
        """The whole order with ``offer``'s delivery: shipping, tax and total."""
        return cart_quote(
            variants={line.variant.pk: line.variant for line in self.lines},
            quantities={line.variant.pk: line.quantity for line in self.lines},
            country=self.country,
            offer=offer,
            offers=self.offers,
            user_id=self.user_id,
        )


def cart_quote(
    *,
    variants: Mapping[int, ProductVariant],
    quantities: Mapping[int, int],
    country: str,
    offer: ShippingOffer | None,
    offers: CartOffers | None = None,
    user_id: int | None = None,
) -> pricing.Quote:
    """The cart priced from ``variants`` (as fetched, locked or not, with their product and
    its type) for delivery to ``country``: each line at its type's tax rate there, with the
    ``offers`` (promotions and voucher) best for a shopper in ``user_id``'s segments."""
    taxes = country_taxes(country=country)
    segments = customer_segments(user_id) if offers and offers.offers else frozenset()
    return pricing.quote(
        (
            pricing.LineInput(
                vid,
                variants[vid].price,
                qty,
                variants[vid].product.currency,
                taxes.rate_for(variants[vid].product.product_type.tax_class_id),
                product_id=variants[vid].product_id,
                product_type_id=variants[vid].product.product_type_id,
                category_id=variants[vid].product.category_id,
                brand=variants[vid].product.brand,
            )
            for vid, qty in sorted(quantities.items())
            if vid in variants
        ),
        currency=settings.SHOP_CURRENCY,
        shipping=shipping_rate(offer, country=country) if offer is not None else None,
        prices_include_tax=settings.SHOP_PRICES_INCLUDE_TAX,
        offers=offers.offers if offers else (),
        segments=segments,
    )


def cart_summary(
    *,
    store: CartStore,
    country: str,
    user_id: int | None = None,
    voucher_code: str | None = None,
) -> CartSummary:
    """The cart priced for ``country`` with its variants in one query, flagging lines that
    can no longer be bought, with the promotions and the cart's voucher (or ``voucher_code``,
    to try one before keeping it) that apply for ``user_id``."""
    quantities = store.quantities()
    variants = variants_in_bulk(quantities)
    kept = {vid: qty for vid, qty in quantities.items() if vid in variants}
    code = store.voucher_code() if voucher_code is None else voucher_code
    offers = cart_offers(user_id=user_id, voucher_code=code)
    priced = cart_quote(
        variants=variants,
        quantities=kept,
        country=country,
        offer=None,
        offers=offers,
        user_id=user_id,
    )
    by_key = {line.key: line for line in priced.lines}
    lines = []
    for variant_id, quantity in kept.items():
        variant = variants[variant_id]
        problem = ""
        if not variant.is_active or not variant.product.is_active or variant.stock_quantity == 0:
            problem = _("No longer available")
        elif quantity > variant.stock_quantity:
            problem = _("Only %(stock)d left") % {"stock": variant.stock_quantity}
        line = by_key[variant_id]
        lines.append(
            CartLineView(
                variant=variant,
                quantity=quantity,
                unit_price=line.unit_price,
                line_total=line.total,
                tax_rate=line.tax_rate,
                problem=problem,
                discount=line.discount,
            )
        )
    lines.sort(key=lambda line: (line.product.title, line.variant.position, line.variant.pk))
    return CartSummary(
        lines=lines,
        quote=priced,
        country=country.upper(),
        delivery=delivery_for(country),
        user_id=user_id,
        offers=offers,
    )
