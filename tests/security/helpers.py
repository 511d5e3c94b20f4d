"""Shared set-up for the security tests: a customer with an address, a paid order, a product."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from shop.catalogue.factories import ProductFactory, variant_of
from shop.catalogue.models import Product
from shop.orders.cart import DatabaseCartStore
from shop.orders.models import Order
from shop.orders.services import ShippingAddress, order_place
from tests.payments import card

ADDRESS = ShippingAddress("Ada Lovelace", "1 Analytical St", "London", "N1", "GB")


def paid_order(user: Any, *, product: Product | None = None, key: str = "securitykey0001") -> Order:
    if product is None:
        product = cast(Product, ProductFactory(stock_quantity=5, price=Decimal("20.00")))
    store = DatabaseCartStore(user)
    store.set(variant_of(product).pk, 1)
    return order_place(
        user=user,
        store=store,
        address=ADDRESS,
        shipping_method_code="standard",
        payment=card(),
        idempotency_key=key,
    )
