"""The API's own contract, as schemathesis found it broken (issue 13): empty query parameters
mean no filter, quantities over the stock are a documented 409 ``out_of_stock`` at checkout, and
a NUL character in a chat message is refused as the schema says."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from shop.catalogue.factories import stock_set
from shop.core.models import OutboxMessage

from .conftest import ADDRESS, CARD

pytestmark = [pytest.mark.hardening, pytest.mark.django_db]


def _schema() -> dict:  # type: ignore[type-arg]
    return Client().get("/api/schema/", HTTP_ACCEPT="application/json").json()


def test_empty_price_bounds_mean_no_filter(api, products):
    everything = api.get("/api/products/").json()["count"]
    response = api.get("/api/products/?min_price=&max_price=")
    assert response.status_code == 200
    assert response.json()["count"] == everything == 3
    assert api.get("/api/products/?min_price=100&max_price=").json()["count"] == 1
    assert api.get("/api/products/?min_price=-1").status_code == 400
    # Bounds the wrong way round are a valid query for an empty range, not an error (no schema
    # can say "min at most max" about two parameters).
    backwards = api.get("/api/products/?min_price=100&max_price=10")
    assert backwards.status_code == 200 and backwards.json()["count"] == 0
    parameters = _schema()["paths"]["/api/products/"]["get"]["parameters"]
    pattern = next(p for p in parameters if p["name"] == "min_price")["schema"]["pattern"]
    assert re.fullmatch(pattern, "") and re.fullmatch(pattern, "19.99")
    assert not re.fullmatch(pattern, "-1")


def test_checkout_over_the_stock_is_a_documented_409(customer_api, product):
    assert (
        customer_api.post(
            "/api/cart/items/", {"product_id": product.pk, "quantity": 5}, format="json"
        ).status_code
        == 200
    )
    stock_set(product, 2)  # sold elsewhere meanwhile
    response = customer_api.post(
        "/api/checkout/",
        {"address": ADDRESS, "shipping_method": "standard", "card": CARD},
        format="json",
        HTTP_IDEMPOTENCY_KEY="over-the-stock-0001",
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "out_of_stock"
    assert not OutboxMessage.objects.exists()  # no order, so no e-mail owed
    assert "409" in _schema()["paths"]["/api/checkout/"]["post"]["responses"]


def test_a_nul_character_in_a_chat_message_is_refused_as_documented(api):
    response = api.post("/api/chat/", {"message": "where is\x00 my order"}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    operation = _schema()["paths"]["/api/chat/"]["post"]
    assert "400" in operation["responses"]
    message = _schema()["components"]["schemas"]["ChatRequestRequest"]["properties"]["message"]
    assert not re.search(message["pattern"], "where is\x00 my order")
    assert re.search(message["pattern"], "where is my order")
    assert not re.search(message["pattern"], "   ")


def test_an_unknown_product_in_the_cart_is_a_404(api):
    response = api.post("/api/cart/items/", {"product_id": 10**17}, format="json")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
