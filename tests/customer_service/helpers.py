"""Orders placed through the real checkout, for the chat tests to talk about."""

from __future__ import annotations

from shop.catalogue.factories import ProductFactory, variant_of
from shop.orders.cart import DatabaseCartStore
from shop.orders.services import ShippingAddress, order_place
from tests.payments import card

ADDRESS = ShippingAddress("Ada", "1 Street", "Berlin", "10115", "DE")


def place_order(user, *, stock=5, key="a"):  # type: ignore[no-untyped-def]
    """(order, product): one paid order of one unit of a new product stocked ``stock``."""
    product = ProductFactory(stock_quantity=stock)
    store = DatabaseCartStore(user)
    store.set(variant_of(product).pk, 1)
    order = order_place(
        user=user,
        store=store,
        address=ADDRESS,
        shipping_method_code="standard",
        payment=card(),
        idempotency_key=key * 32,
    )
    return order, product
