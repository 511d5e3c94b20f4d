"""A paid order with a discounted line, for the refund tests."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shop.catalogue.factories import ProductFactory, variant_of
from shop.orders.cart import DatabaseCartStore
from shop.orders.models import OrderStatus
from shop.orders.services import ShippingAddress, order_place
from shop.promotions.factories import PromotionFactory
from tests.payments import card

D = Decimal
ADDRESS = ShippingAddress(full_name="A", line1="B", city="C", postcode="10115", country="DE")


@pytest.fixture
def order(customer, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    lamp = ProductFactory(title="Desk Lamp", price=D("20.00"), stock_quantity=10)
    PromotionFactory(kind="fixed", value=D("10.00"))  # 10 off 3 x 20 = 60: 50 paid
    store = DatabaseCartStore(customer)
    store.set(variant_of(lamp).pk, 3)
    with django_capture_on_commit_callbacks(execute=True):
        placed = order_place(
            user=customer,
            store=store,
            address=ADDRESS,
            shipping_method_code="standard",
            payment=card(),
            idempotency_key="r" * 20,
        )
    assert placed.status == OrderStatus.PAID and placed.discount_total == D("10.00")
    return placed
