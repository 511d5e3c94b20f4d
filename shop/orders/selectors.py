"""Reads for carts and orders; orders are always scoped to their owner."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet

from shop.accounts.models import User
from shop.catalogue.models import Product

from . import pricing
from .cart import CartStore
from .models import Order
from .shipping import ShippingMethod, shipping_methods


@dataclass(frozen=True)
class CartLineView:
    product: Product
    quantity: int
    problem: str = ""

    @property
    def line_total(self) -> Decimal:
        return pricing.line_total(self.product.price, self.quantity)


@dataclass(frozen=True)
class ShippingOption:
    method: ShippingMethod
    price: Decimal


@dataclass(frozen=True)
class CartSummary:
    lines: list[CartLineView]
    subtotal: Decimal

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
        return [line.product.pk for line in self.lines]

    def shipping_options(self) -> list[ShippingOption]:
        return [ShippingOption(m, m.price_for(self.subtotal)) for m in shipping_methods()]

    def total_with(self, method: ShippingMethod) -> Decimal:
        return self.subtotal + method.price_for(self.subtotal)


def cart_quote(
    *, products: dict[int, Product], quantities: dict[int, int], method: ShippingMethod | None
) -> pricing.Quote:
    """The cart priced from ``products`` (as fetched, locked or not)."""
    return pricing.quote(
        (
            pricing.LineInput(pid, products[pid].price, qty, products[pid].currency)
            for pid, qty in sorted(quantities.items())
            if pid in products
        ),
        currency=settings.SHOP_CURRENCY,
        shipping=method.rate if method is not None else None,
    )


def cart_summary(*, store: CartStore) -> CartSummary:
    """The cart with its products in one query, flagging lines that can no longer be bought."""
    from django.utils.translation import gettext as _

    quantities = store.quantities()
    products = Product.objects.filter(pk__in=quantities).select_related("category").in_bulk()
    lines = []
    for product_id, quantity in quantities.items():
        product = products.get(product_id)
        if product is None:
            continue
        problem = ""
        if not product.is_active or product.stock_quantity == 0:
            problem = _("No longer available")
        elif quantity > product.stock_quantity:
            problem = _("Only %(stock)d left") % {"stock": product.stock_quantity}
        lines.append(CartLineView(product=product, quantity=quantity, problem=problem))
    lines.sort(key=lambda line: line.product.title)
    priced = cart_quote(
        products={line.product.pk: line.product for line in lines},
        quantities={line.product.pk: line.quantity for line in lines},
        method=None,
    )
    return CartSummary(lines=lines, subtotal=priced.subtotal)


def cart_item_count(*, store: CartStore) -> int:
    return sum(store.quantities().values())


def order_list_for_user(*, user: User) -> QuerySet[Order]:
    return Order.objects.filter(user=user).prefetch_related("lines")


def order_get_for_user(*, user: User, number: str) -> Order | None:
    """The customer's own order, or None: another customer's number looks like a missing one."""
    return (
        Order.objects.filter(user=user, number=number)
        .prefetch_related("lines__product", "history")
        .first()
    )


def order_get_by_idempotency_key(*, user: User, key: str) -> Order | None:
    if not key:
        return None
    return Order.objects.filter(user=user, idempotency_key=key).first()
