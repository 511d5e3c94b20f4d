"""The database refuses a write in the middle of placing an order: no order, no stock change,
the cart kept, the payment authorisation voided, and a clear message instead of a 500."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import DatabaseError, OperationalError
from django.test import Client

from shop.catalogue.factories import ProductFactory, variant_of
from shop.orders.cart import DatabaseCartStore
from shop.orders.models import Order, OrderLine, OrderStatusChange, PaymentTransaction
from shop.orders.payments.test_gateway import SUCCESS_CARD, TestGateway

pytestmark = pytest.mark.django_db

MESSAGE = "We could not save your order just now. You were not charged"

# Where the write is refused: the order row, its lines, and the payment records written after
# the stock was already decremented inside the transaction.
REFUSALS = [
    pytest.param(Order.objects, "create", OperationalError, id="order-row"),
    pytest.param(OrderLine.objects, "bulk_create", DatabaseError, id="order-lines"),
    pytest.param(PaymentTransaction.objects, "create", OperationalError, id="payments"),
]


@pytest.fixture
def voids(monkeypatch) -> list[str]:
    calls: list[str] = []
    original = TestGateway.void

    def void(self: TestGateway, *, reference: str) -> None:
        calls.append(reference)
        original(self, reference=reference)

    monkeypatch.setattr(TestGateway, "void", void)
    return calls


@pytest.fixture
def shopper(customer):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(customer)
    product = ProductFactory(stock_quantity=5, price=Decimal("30.00"), title="Desk Lamp")
    assert client.post(f"/cart/add/{product.pk}/", {"quantity": "2"}).status_code == 302
    return client, customer, product


def refuse(monkeypatch, manager: Any, method: str, error: type[Exception]) -> None:
    def refused(*args: Any, **kwargs: Any) -> Any:
        raise error("could not write: the database is read-only")

    monkeypatch.setattr(manager, method, refused)


def assert_nothing_changed(customer: Any, product: Any) -> None:
    assert not Order.objects.exists()
    assert not OrderLine.objects.exists() and not OrderStatusChange.objects.exists()
    assert not PaymentTransaction.objects.exists()
    product.refresh_from_db()
    assert product.stock_quantity == 5
    assert DatabaseCartStore(customer).quantities() == {variant_of(product).pk: 2}


@pytest.mark.parametrize(("manager", "method", "error"), REFUSALS)
def test_checkout_page(monkeypatch, shopper, voids, manager, method, error):
    client, customer, product = shopper
    client.post(
        "/checkout/",
        {
            "full_name": "Ada",
            "line1": "1 St",
            "city": "Berlin",
            "postcode": "10115",
            "country": "de",
        },
    )
    client.post("/checkout/shipping/", {"method": "standard"})
    client.post(
        "/checkout/payment/",
        {"holder": "Ada", "number": SUCCESS_CARD, "expiry": "12/39", "cvc": "123"},
    )
    review = client.get("/checkout/review/")
    refuse(monkeypatch, manager, method, error)
    response = client.post(
        "/checkout/review/", {"idempotency_key": review.context["idempotency_key"]}, follow=True
    )
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert len(voids) == 1
    assert_nothing_changed(customer, product)
    # The database is back: the same checkout goes through.
    monkeypatch.undo()
    retry = client.get("/checkout/review/")
    placed = client.post("/checkout/review/", {"idempotency_key": retry.context["idempotency_key"]})
    assert placed.status_code == 302 and Order.objects.count() == 1


@pytest.mark.parametrize(("manager", "method", "error"), REFUSALS)
def test_checkout_api(monkeypatch, shopper, voids, manager, method, error):
    client, customer, product = shopper
    refuse(monkeypatch, manager, method, error)
    response = client.post(
        "/api/checkout/",
        {
            "shipping_method": "standard",
            "address": {
                "full_name": "Ada",
                "line1": "1 St",
                "city": "Berlin",
                "postcode": "10115",
                "country": "DE",
            },
            "card": {
                "number": SUCCESS_CARD,
                "expiry_month": 12,
                "expiry_year": 2039,
                "cvc": "123",
                "holder": "Ada",
            },
        },
        content_type="application/json",
        headers={"Idempotency-Key": "db-fault-key-000001"},
    )
    assert response.status_code == 503
    error_body = response.json()["error"]
    assert error_body["code"] == "unavailable" and MESSAGE in error_body["message"]
    assert len(voids) == 1
    assert_nothing_changed(customer, product)
