"""Cart writes: adding, changing and removing lines, and merging a visitor's cart at sign-in."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from shop.accounts.models import User
from shop.catalogue.models import ProductVariant
from shop.catalogue.selectors import stock_check
from shop.core import events

from ..cart import CartStore
from ..errors import CartError
from ..events import CartItemAdded


def _check_quantity(variant: ProductVariant, quantity: int) -> None:
    if quantity < 1:
        raise CartError(_("The quantity must be at least 1."))
    stock_check(variant=variant, quantity=quantity)


def cart_add(
    *,
    store: CartStore,
    variant: ProductVariant,
    quantity: int,
    user: User | None = None,
    session_key: str = "",
) -> int:
    """Add ``quantity`` more of ``variant``; returns the quantity now in the cart.

    The signal names the product: recommendations learn what people want, whatever the size.
    """
    if quantity < 1:
        raise CartError(_("The quantity must be at least 1."))
    new_quantity = store.quantities().get(variant.pk, 0) + quantity
    _check_quantity(variant, new_quantity)
    store.set(variant.pk, new_quantity)
    events.publish(
        CartItemAdded(
            product_id=variant.product_id,
            quantity=quantity,
            user_id=user.pk if user is not None else None,
            visitor_key=session_key,
            variant_id=variant.pk,
        )
    )
    return new_quantity


def cart_set_quantity(*, store: CartStore, variant: ProductVariant, quantity: int) -> None:
    _check_quantity(variant, quantity)
    store.set(variant.pk, quantity)


def cart_remove(*, store: CartStore, variant_id: int) -> None:
    store.remove(variant_id)


def cart_merge(*, source: CartStore, target: CartStore) -> None:
    """Move a visitor's cart into the customer's: quantities add, capped at what is in stock."""
    incoming = source.quantities()
    code = source.voucher_code()
    if code and not target.voucher_code():
        target.set_voucher_code(code)
    if not incoming:
        return
    existing = target.quantities()
    stock = dict(
        ProductVariant.objects.filter(
            pk__in=incoming, is_active=True, product__is_active=True
        ).values_list("pk", "stock_quantity")
    )
    with transaction.atomic():
        for variant_id, quantity in incoming.items():
            capped = min(existing.get(variant_id, 0) + quantity, stock.get(variant_id, 0))
            if capped >= 1:
                target.set(variant_id, capped)
    source.clear()
