"""The money path under real concurrency, on PostgreSQL (real row locks, real threads).

Select with: pytest -k "concurren or oversell or deadlock"
"""

from __future__ import annotations

import random
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.db.models import Sum

from shop.accounts.factories import UserFactory
from shop.catalogue.errors import OutOfStockError
from shop.catalogue.factories import ProductFactory, variant_of
from shop.catalogue.models import Product
from shop.orders.cart import DatabaseCartStore
from shop.orders.models import Order, OrderLine, OrderStatus
from shop.orders.payments.test_gateway import TestGateway
from shop.orders.services import ShippingAddress, order_place
from tests.payments import card

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ADDRESS = ShippingAddress(full_name="A", line1="B", city="C", postcode="D", country="DE")


def _place(user, key: str) -> str:
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
    except OutOfStockError as error:
        return error.message
    finally:
        connections.close_all()


def test_concurrent_buyers_of_the_last_units_never_oversell():
    assert connection.vendor == "postgresql"
    product = ProductFactory(stock_quantity=5, title="Last Lamp")
    buyers = [UserFactory(username=f"buyer{i}") for i in range(20)]
    for buyer in buyers:
        DatabaseCartStore(buyer).set(variant_of(product).pk, 1)
    barrier = threading.Barrier(len(buyers))

    def buy(index: int) -> str:
        barrier.wait()
        return _place(buyers[index], f"oversell{index:02d}" + "0" * 16)

    with ThreadPoolExecutor(max_workers=len(buyers)) as pool:
        results = list(pool.map(buy, range(len(buyers))))

    assert results.count("ok") == 5
    refusals = [r for r in results if r != "ok"]
    assert len(refusals) == 15
    assert all("Last Lamp is out of stock." in r for r in refusals)
    product.refresh_from_db()
    assert product.stock_quantity == 0
    assert Order.objects.count() == 5


def test_concurrent_random_multi_item_checkouts_have_no_deadlock_and_add_up():
    rng = random.Random(7)
    products = [ProductFactory(stock_quantity=rng.randint(5, 25)) for _ in range(8)]
    initial = {p.pk: p.stock_quantity for p in products}
    buyers = [UserFactory(username=f"shopper{i}") for i in range(100)]
    for buyer in buyers:
        store = DatabaseCartStore(buyer)
        # Random order of insertion, so without a fixed lock order these would deadlock.
        for product in rng.sample(products, rng.randint(1, 4)):
            store.set(variant_of(product).pk, rng.randint(1, 3))

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(
            pool.map(lambda i: _place(buyers[i], f"deadlock{i:03d}" + "0" * 16), range(100))
        )

    # Every attempt either succeeded or was refused for stock: no deadlock or other error.
    assert all(r == "ok" or "stock" in r or "left" in r for r in results)
    assert results.count("ok") == Order.objects.count() > 0
    sold = dict(
        OrderLine.objects.values("product_id")
        .annotate(total=Sum("quantity"))
        .values_list("product_id", "total")
    )
    for product in Product.objects.filter(pk__in=initial):
        assert product.stock_quantity >= 0
        assert product.stock_quantity == initial[product.pk] - sold.get(product.pk, 0)


def test_concurrent_double_submit_makes_one_order():
    product = ProductFactory(stock_quantity=10)
    buyer = UserFactory(username="doubleclick")
    DatabaseCartStore(buyer).set(variant_of(product).pk, 2)
    barrier = threading.Barrier(4)

    def submit(_: int) -> str:
        barrier.wait()
        return _place(buyer, "same-key-" + "0" * 23)

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(submit, range(4)))

    # Each submission either made the order or found it; the cart may be empty for late ones.
    assert "ok" in results
    assert Order.objects.filter(user=buyer).count() == 1
    product.refresh_from_db()
    assert product.stock_quantity == 8
    # The gateway gave every submission the one authorisation of the key: the losers of the
    # race never voided it, so the winner's payment is captured.
    order = Order.objects.get(user=buyer)
    assert order.status == OrderStatus.PAID
    payment = TestGateway().lookup(reference=order.payment_reference)
    assert payment.status == "captured" and payment.captured == order.total


def test_a_guests_concurrent_double_submit_makes_one_order_and_another_guest_their_own():
    from shop.orders.cart import VARIANT_CART_KEY, SessionCartStore
    from shop.orders.guests import Guest

    product = ProductFactory(stock_quantity=10)
    cart = {VARIANT_CART_KEY: {str(variant_of(product).pk): 2}}
    guests = [Guest(email="g@example.com", secret="a" * 32)] * 4
    guests.append(Guest(email="h@example.com", secret="b" * 32))  # the same key, another guest
    barrier = threading.Barrier(len(guests))

    def submit(index: int) -> str:
        barrier.wait()
        try:  # each request has its own copy of its session's cart
            order = order_place(
                user=None,
                guest=guests[index],
                store=SessionCartStore(dict(cart)),  # type: ignore[arg-type]
                address=ADDRESS,
                shipping_method_code="standard",
                payment=card(),
                idempotency_key="guest-key-" + "0" * 22,
            )
            return order.number
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(guests)) as pool:
        numbers = list(pool.map(submit, range(len(guests))))

    assert len(set(numbers[:4])) == 1 and numbers[4] != numbers[0]
    assert Order.objects.filter(user=None, is_guest=True).count() == 2
    product.refresh_from_db()
    assert product.stock_quantity == 6
    for order in Order.objects.all():
        assert order.status == OrderStatus.PAID
        payment = TestGateway().lookup(reference=order.payment_reference)
        assert payment.status == "captured" and payment.captured == order.total


# --- Per variant ------------------------------------------------------------------------------


def _sized(stock: int):  # type: ignore[no-untyped-def]
    from shop.catalogue.factories import sized_product

    return sized_product(colours=("Camel", "Navy"), sizes=("M", "L"), stock=stock)


def test_concurrent_buyers_of_the_last_units_of_one_size_never_oversell_it():
    product = _sized(stock=3)
    wanted = product.variants.get(name="Navy / L")
    buyers = [UserFactory(username=f"sizebuyer{i}") for i in range(12)]
    for buyer in buyers:
        DatabaseCartStore(buyer).set(wanted.pk, 1)
    barrier = threading.Barrier(len(buyers))

    def buy(index: int) -> str:
        barrier.wait()
        return _place(buyers[index], f"lastsize{index:02d}" + "0" * 16)

    with ThreadPoolExecutor(max_workers=len(buyers)) as pool:
        results = list(pool.map(buy, range(len(buyers))))

    assert results.count("ok") == 3
    refusals = [r for r in results if r != "ok"]
    assert all("Arden Knit Cardigan (Navy / L) is out of stock." in r for r in refusals)
    wanted.refresh_from_db()
    product.refresh_from_db()
    assert wanted.stock_quantity == 0
    # The other sizes were untouched and the product's total followed exactly.
    assert product.stock_quantity == 3 * 3
    assert sorted(product.variants.values_list("stock_quantity", flat=True)) == [0, 3, 3, 3]


def test_concurrent_checkouts_of_different_sizes_of_one_product_all_count():
    product = _sized(stock=20)
    variants = list(product.variants.order_by("pk"))
    rng = random.Random(11)
    buyers = [UserFactory(username=f"mixer{i}") for i in range(40)]
    for buyer in buyers:
        store = DatabaseCartStore(buyer)
        for variant in rng.sample(variants, rng.randint(1, 3)):
            store.set(variant.pk, rng.randint(1, 4))

    with ThreadPoolExecutor(max_workers=12) as pool:
        results = list(
            pool.map(lambda i: _place(buyers[i], f"mixsizes{i:03d}" + "0" * 16), range(40))
        )

    assert all(r == "ok" or "out of stock" in r or "left" in r for r in results)
    assert results.count("ok") == Order.objects.count() > 0
    sold = dict(
        OrderLine.objects.values("variant_id")
        .annotate(total=Sum("quantity"))
        .values_list("variant_id", "total")
    )
    for variant in variants:
        variant.refresh_from_db()
        assert variant.stock_quantity == 20 - sold.get(variant.pk, 0) >= 0
    product.refresh_from_db()
    assert product.stock_quantity == sum(v.stock_quantity for v in variants)
