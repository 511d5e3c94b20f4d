"""Cart writes: adding, changing and removing lines, and merging a visitor's cart at sign-in."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from shop.accounts.models import User
from shop.catalogue.models import Product
from shop.catalogue.selectors import stock_check
from shop.core import events

from ..cart import CartStore
from ..errors import CartError
from ..events import CartItemAdded


def _check_quantity(product: Product, quantity: int) -> None:
    if quantity < 1:
        raise CartError(_("The quantity must be at least 1."))
    stock_check(product=product, quantity=quantity)


def cart_add(
    *,
    store: CartStore,
    product: Product,
    quantity: int,
    user: User | None = None,
    session_key: str = "",
) -> int:
    """Add ``quantity`` more of ``product``; returns the quantity now in the cart."""
    if quantity < 1:
        raise CartError(_("The quantity must be at least 1."))
    new_quantity = store.quantities().get(product.pk, 0) + quantity
    _check_quantity(product, new_quantity)
    store.set(product.pk, new_quantity)
    events.publish(
        CartItemAdded(
            product_id=product.pk,
            quantity=quantity,
            user_id=user.pk if user is not None else None,
            visitor_key=session_key,
        )
    )
    return new_quantity


def cart_set_quantity(*, store: CartStore, product: Product, quantity: int) -> None:
    _check_quantity(product, quantity)
    store.set(product.pk, quantity)


def cart_remove(*, store: CartStore, product_id: int) -> None:
    store.remove(product_id)


def cart_merge(*, source: CartStore, target: CartStore) -> None:
    """Move a visitor's cart into the customer's: quantities add, capped at what is in stock."""
    incoming = source.quantities()
    if not incoming:
        return
    existing = target.quantities()
    stock = dict(
        Product.objects.filter(pk__in=incoming, is_active=True).values_list("pk", "stock_quantity")
    )
    with transaction.atomic():
        for product_id, quantity in incoming.items():
            capped = min(existing.get(product_id, 0) + quantity, stock.get(product_id, 0))
            if capped >= 1:
                target.set(product_id, capped)
    source.clear()
