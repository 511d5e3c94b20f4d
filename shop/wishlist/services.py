"""Saving, removing and moving saved items, and the alerts that tell customers a saved product
is cheaper or back. Alerts are outbox messages written in the transaction that records them,
so each drop or restock is e-mailed once."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from shop.accounts.models import User
from shop.catalogue.models import Product, ProductVariant
from shop.core.errors import UnprocessableError
from shop.core.outbox import outbox_put
from shop.orders.cart import CartStore
from shop.orders.services import cart_add, cart_remove

from .models import SavedItem

logger = logging.getLogger(__name__)

PRICE_DROP = "wishlist.price_drop"
BACK_IN_STOCK = "wishlist.back_in_stock"


class WishlistError(UnprocessableError):
    pass


def saved_item_add(
    *, user: User, product: Product, variant: ProductVariant | None = None
) -> SavedItem:
    """Save the product (or the variant chosen) for later; saving it again keeps the first.
    Saving it while it is out of stock ("e-mail me when available") asks for an e-mail when
    it is back."""
    if variant is not None and variant.product_id != product.pk:
        raise WishlistError(_("That option belongs to another product."), code="variant_mismatch")
    price = variant.price if variant is not None else product.price
    lookup = {"user": user, "product": product, "variant": variant}
    item = SavedItem.objects.filter(**lookup).first()
    if item is None:
        try:
            with transaction.atomic():
                item = SavedItem.objects.create(**lookup, saved_price=price)
        except IntegrityError:  # saved twice at once: the other request's row stands
            item = SavedItem.objects.get(**lookup)
    if not item.in_stock and not item.wants_restock_alert:
        item.wants_restock_alert = True
        item.save(update_fields=["wants_restock_alert"])
    return item


def saved_item_remove(*, item: SavedItem) -> None:
    item.delete()


def saved_item_move_to_cart(*, item: SavedItem, store: CartStore, session_key: str = "") -> None:
    """Put one of it in the cart and take it off the list. A product with options needs the
    option chosen first; one out of stock stays saved (the cart refuses it with its reason)."""
    variant = item.variant
    if variant is None:
        options = list(item.product.variants.filter(is_active=True)[:2])
        if len(options) != 1:
            raise WishlistError(
                _("Choose a size or colour of %(title)s first.") % {"title": item.product.title},
                code="variant_required",
            )
        variant = options[0]
    with transaction.atomic():
        cart_add(store=store, variant=variant, quantity=1, user=item.user, session_key=session_key)
        item.delete()


def cart_line_save_for_later(*, user: User, store: CartStore, variant: ProductVariant) -> SavedItem:
    """ "Save for later" on a cart line: onto the list, out of the cart."""
    item = saved_item_add(user=user, product=variant.product, variant=variant)
    cart_remove(store=store, variant_id=variant.pk)
    return item


@dataclass(frozen=True)
class AlertReport:
    price_drops: int = 0
    back_in_stock: int = 0


def saved_item_alerts_queue() -> AlertReport:
    """Write an e-mail for every saved item that got cheaper than the customer has heard of, or
    came back in stock for a customer waiting for it. Safe to run often and concurrently: each
    item is re-read under a lock, and the alert is recorded with its message."""
    drops = restocks = 0
    candidates = SavedItem.objects.select_related("product", "variant").filter(
        user__is_active=True, product__is_active=True
    )
    for item in candidates.iterator(chunk_size=500):
        if not _price_dropped(item) and not (item.wants_restock_alert and item.in_stock):
            continue
        with transaction.atomic():
            locked = (
                SavedItem.objects.select_for_update(of=("self",))
                .select_related("product", "variant")
                .filter(pk=item.pk)
                .first()
            )
            if locked is None:
                continue
            if locked.wants_restock_alert and locked.in_stock:
                outbox_put(kind=BACK_IN_STOCK, payload={"item_id": locked.pk})
                locked.wants_restock_alert = False
                locked.save(update_fields=["wants_restock_alert"])
                restocks += 1
            elif _price_dropped(locked):
                price = locked.current_price
                outbox_put(kind=PRICE_DROP, payload={"item_id": locked.pk, "price": str(price)})
                locked.alerted_price = price
                locked.save(update_fields=["alerted_price"])
                drops += 1
    return AlertReport(price_drops=drops, back_in_stock=restocks)


def _price_dropped(item: SavedItem) -> bool:
    heard_of = min(item.saved_price, item.alerted_price or item.saved_price)
    return item.in_stock and item.current_price < heard_of
