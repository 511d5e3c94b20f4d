"""A voucher's limit under real concurrency, on PostgreSQL (real row locks, real threads), in
the style of ``tests/orders/test_concurrency.py``."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.db import connection, connections

from shop.accounts.factories import UserFactory
from shop.catalogue.factories import ProductFactory, variant_of
from shop.core.errors import ShopError
from shop.orders.cart import DatabaseCartStore
from shop.orders.models import Order, PaymentTransaction
from shop.orders.services import ShippingAddress, order_place
from shop.promotions.factories import VoucherFactory
from shop.promotions.models import VoucherUse
from tests.payments import card

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ADDRESS = ShippingAddress(full_name="A", line1="B", city="C", postcode="D", country="DE")


def _place(user, key: str) -> str:  # type: ignore[no-untyped-def]
    try:
        order_place(
            user=user,
            store=DatabaseCartStore(user),
            address=ADDRESS,
            shipping_method_code="standard",
            payment=card(),
            idempotency_key=key,
        )
        return "ok"
    except ShopError as error:
        return error.message
    finally:
        connections.close_all()


def test_a_voucher_with_5_uses_left_is_used_exactly_5_times_by_20_concurrent_checkouts():
    assert connection.vendor == "postgresql"
    voucher = VoucherFactory(code="FIVE", max_uses=5, promotion__value=Decimal("10"))
    buyers = [UserFactory(username=f"racer{i}") for i in range(20)]
    for i, buyer in enumerate(buyers):
        # One product each: stock locks do not serialise them, only the voucher's row does.
        product = ProductFactory(stock_quantity=3, price=Decimal("30.00"), title=f"Lamp {i}")
        store = DatabaseCartStore(buyer)
        store.set(variant_of(product).pk, 1)
        store.set_voucher_code("FIVE")
    barrier = threading.Barrier(len(buyers))

    def buy(index: int) -> str:
        barrier.wait()
        return _place(buyers[index], f"voucher{index:02d}" + "0" * 16)

    with ThreadPoolExecutor(max_workers=len(buyers)) as pool:
        results = list(pool.map(buy, range(len(buyers))))

    assert results.count("ok") == 5
    refusals = [r for r in results if r != "ok"]
    assert len(refusals) == 15
    assert all("The code FIVE has been used up." in r for r in refusals), refusals
    assert VoucherUse.objects.filter(voucher=voucher, released_at__isnull=True).count() == 5
    orders = Order.objects.all()
    assert orders.count() == 5
    assert all(o.voucher_code == "FIVE" and o.discount_total == Decimal("3.00") for o in orders)
    captured = PaymentTransaction.objects.filter(kind=PaymentTransaction.Kind.CAPTURE)
    assert captured.count() == 5
    # A refused checkout changed nothing: its cart is as it was, code and all.
    for buyer, result in zip(buyers, results, strict=True):
        if result != "ok":
            store = DatabaseCartStore(buyer)
            assert len(store.quantities()) == 1 and store.voucher_code() == "FIVE"
