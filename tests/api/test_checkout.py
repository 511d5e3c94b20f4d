from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from rest_framework.test import APIClient

from shop.accounts.factories import AddressFactory
from shop.catalogue.factories import ProductFactory, stock_set, variant_of
from shop.orders.cart import DatabaseCartStore
from shop.orders.models import Order, OrderStatus
from shop.orders.payments.test_gateway import DECLINED_CARD, GATEWAY_ERROR_CARD

from .conftest import ADDRESS, CARD

pytestmark = pytest.mark.django_db


def checkout(client: APIClient, key: str | None = None, **overrides: Any):  # type: ignore[no-untyped-def]
    payload: dict[str, Any] = {"address": ADDRESS, "shipping_method": "standard", "card": CARD}
    payload.update(overrides)
    payload = {name: value for name, value in payload.items() if value is not None}
    headers: dict[str, Any] = {"HTTP_IDEMPOTENCY_KEY": key or uuid.uuid4().hex}
    return client.post("/api/checkout/", payload, format="json", **headers)


@pytest.fixture
def cart(customer_api, product):  # type: ignore[no-untyped-def]
    response = customer_api.post(
        "/api/cart/items/", {"product_id": product.pk, "quantity": 2}, format="json"
    )
    assert response.status_code == 200
    return product


def test_checkout_places_a_paid_order(
    customer_api, customer, cart, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = checkout(customer_api)
    assert response.status_code == 201, response.content
    body = response.json()
    order = Order.objects.get(user=customer)
    assert body["number"] == order.number and body["status"] == OrderStatus.PAID
    # 2 x 30.00, over the free standard shipping threshold.
    assert (body["subtotal"], body["shipping_price"], body["total"]) == ("60.00", "0.00", "60.00")
    assert body["shipping_address"]["country"] == "DE"
    assert [(line["title"], line["quantity"]) for line in body["lines"]] == [("Desk Lamp", 2)]
    assert [h["to_status"] for h in body["history"]] == ["pending", "paid"]
    cart.refresh_from_db()
    assert cart.stock_quantity == 3
    assert DatabaseCartStore(customer).quantities() == {}
    assert len(mail.outbox) == 1


def test_same_idempotency_key_returns_the_same_order(customer_api, customer, cart):
    key = uuid.uuid4().hex
    first = checkout(customer_api, key)
    again = checkout(customer_api, key)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    assert Order.objects.filter(user=customer).count() == 1
    cart.refresh_from_db()
    assert cart.stock_quantity == 3


def test_the_key_is_per_customer(customer_api, other_api, cart):
    key = uuid.uuid4().hex
    assert checkout(customer_api, key).status_code == 201
    # Another customer using the same key gets nothing of the first one's: their cart is empty.
    response = checkout(other_api, key)
    assert response.status_code == 409
    assert response.json()["error"]["message"] == "Your cart is empty."


@pytest.mark.parametrize("key", ["", "short", "x" * 65, "has spaces in it!!", "ключ" * 5])
def test_idempotency_key_is_required_and_checked(customer_api, cart, key):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    response = customer_api.post(
        "/api/checkout/",
        {"address": ADDRESS, "shipping_method": "standard", "card": CARD},
        format="json",
        **headers,
    )
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["error"]["fields"]


def test_checkout_needs_a_signed_in_customer(api, product):
    response = checkout(api)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert response["WWW-Authenticate"] == "Token"


def test_checkout_with_a_saved_address(customer_api, customer, cart):
    saved = AddressFactory(user=customer, city="Paris", country="FR")
    response = checkout(customer_api, address=None, saved_address_id=saved.pk)
    assert response.status_code == 201, response.content
    assert response.json()["shipping_address"]["city"] == "Paris"


def test_another_customers_address_cannot_be_used(customer_api, other_customer, cart):
    theirs = AddressFactory(user=other_customer)
    response = checkout(customer_api, address=None, saved_address_id=theirs.pk)
    # Looks like an address that does not exist: a 404, as the schema documents.
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "No such address."


def test_empty_cart_is_refused(customer_api, product):
    response = checkout(customer_api)
    assert response.status_code == 409  # a valid request the cart's state refuses
    assert response.json()["error"]["message"] == "Your cart is empty."


@pytest.mark.parametrize(
    ("card", "status", "code"),
    [
        (DECLINED_CARD, 402, "payment_declined"),
        ("4111111111111112", 402, "payment_declined"),  # fails the Luhn check
        (GATEWAY_ERROR_CARD, 503, "payment_unavailable"),
    ],
)
def test_payment_failures(customer_api, customer, cart, card, status, code):
    response = checkout(customer_api, card={**CARD, "number": card})
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    assert not Order.objects.filter(user=customer).exists()
    assert DatabaseCartStore(customer).quantities() == {variant_of(cart).pk: 2}


def test_expired_card_is_declined(customer_api, cart):
    response = checkout(customer_api, card={**CARD, "expiry_year": 2001})
    assert response.status_code == 402
    assert "expired" in response.json()["error"]["message"]


def test_stock_sold_meanwhile_is_a_409(customer_api, customer, cart):
    stock_set(cart, 1)
    response = checkout(customer_api)
    assert response.status_code == 409
    assert response.json()["error"] == {
        "status": 409,
        "code": "out_of_stock",
        "message": "Only 1 of Desk Lamp left.",
    }
    assert not Order.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"shipping_method": None}, "shipping_method"),
        ({"address": None}, "address"),
        ({"saved_address_id": 1}, "address"),  # both an address and a saved one
        ({"address": {**ADDRESS, "country": "GBR"}}, "address"),
        ({"address": {**ADDRESS, "country": "1!"}}, "address"),
        ({"address": {**ADDRESS, "postcode": "9" * 21}}, "address"),
        ({"address": {**ADDRESS, "city": "   "}}, "address"),
        ({"address": {**ADDRESS, "city": 42}}, "address"),
        ({"address": "1 Analytical Street"}, "address"),
        ({"card": {**CARD, "number": "4242-4242-abcd-4242"}}, "card"),
        ({"card": {**CARD, "number": 4242424242424242}}, "card"),
        ({"card": {**CARD, "expiry_month": 13}}, "card"),
        ({"card": {**CARD, "expiry_year": "2039"}}, "card"),
        ({"card": {**CARD, "cvc": "12a"}}, "card"),
        ({"card": None}, "card"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(customer_api, cart, overrides, field):
    response = checkout(customer_api, **overrides)
    assert response.status_code == 400, response.content
    assert field in response.json()["error"]["fields"]


def test_a_method_the_zone_does_not_offer_is_a_422(customer_api, cart):
    response = checkout(customer_api, shipping_method="teleport")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "country_not_served"
    assert "teleport is not available" in response.json()["error"]["message"]
    assert not Order.objects.exists()


def test_nested_field_messages(customer_api, cart):
    response = checkout(customer_api, card={**CARD, "expiry_month": 13})
    assert response.json()["error"]["fields"] == {
        "card": {"expiry_month": ["Ensure this value is less than or equal to 12."]}
    }


def test_express_shipping_is_charged(customer_api, customer, db):
    cheap = ProductFactory(price=Decimal("10.00"))
    customer_api.post("/api/cart/items/", {"product_id": cheap.pk}, format="json")
    body = checkout(customer_api, shipping_method="express").json()
    assert body["shipping_method"] == "express"
    assert (body["shipping_price"], body["total"]) == ("12.95", "22.95")
