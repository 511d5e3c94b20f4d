from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from shop.orders.models import Order, OrderStatus
from shop.orders.services import order_transition

from .conftest import ADDRESS, CARD

pytestmark = pytest.mark.django_db


def place_order(client: APIClient, product_id: int, quantity: int = 1) -> str:
    client.post("/api/cart/items/", {"product_id": product_id, "quantity": quantity}, format="json")
    response = client.post(
        "/api/checkout/",
        {"address": ADDRESS, "shipping_method": "standard", "card": CARD},
        format="json",
        HTTP_IDEMPOTENCY_KEY=uuid.uuid4().hex,
    )
    assert response.status_code == 201, response.content
    return str(response.json()["number"])


def test_orders_list_shows_only_your_orders_newest_first(customer_api, other_api, product):
    first = place_order(customer_api, product.pk)
    second = place_order(customer_api, product.pk, 2)
    place_order(other_api, product.pk)
    body = customer_api.get("/api/orders/").json()
    assert body["count"] == 2
    assert [o["number"] for o in body["results"]] == [second, first]
    assert body["results"][0]["item_count"] == 2
    assert body["results"][0]["can_cancel"] is True


def test_order_detail(customer_api, product):
    number = place_order(customer_api, product.pk)
    response = customer_api.get(f"/api/orders/{number}/")
    assert response.status_code == 200
    body = response.json()
    assert body["number"] == number and body["status"] == "paid"
    assert body["lines"][0]["product_id"] == product.pk


def test_another_customers_order_is_not_found(customer_api, other_api, product):
    number = place_order(customer_api, product.pk)
    assert other_api.get(f"/api/orders/{number}/").status_code == 404
    response = other_api.post(f"/api/orders/{number}/cancel/")
    assert response.status_code == 404
    assert Order.objects.get(number=number).status == OrderStatus.PAID


@pytest.mark.parametrize("number", ["ORD-NOPE0000", "x" * 21, "%00", "a%2Fb"])
def test_unknown_order_numbers(customer_api, db, number):
    response = customer_api.get(f"/api/orders/{number}/")
    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404


def test_orders_need_authentication(api, product):
    for response in (
        api.get("/api/orders/"),
        api.get("/api/orders/ORD-AAAAAAAA/"),
        api.post("/api/orders/ORD-AAAAAAAA/cancel/"),
    ):
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "not_authenticated"


def test_cancel_returns_stock_and_refunds(
    customer_api, product, django_capture_on_commit_callbacks
):
    number = place_order(customer_api, product.pk, 2)
    with django_capture_on_commit_callbacks(execute=True):  # the refund runs after the commit
        response = customer_api.post(f"/api/orders/{number}/cancel/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "cancelled" and body["can_cancel"] is False
    assert body["cancelled_at"] is not None
    product.refresh_from_db()
    assert product.stock_quantity == 5
    order = Order.objects.get(number=number)
    assert order.payments.filter(kind="refund").exists()


def test_cancel_after_shipping_is_a_409(customer_api, product):
    number = place_order(customer_api, product.pk)
    order_transition(order=Order.objects.get(number=number), to_status=OrderStatus.SHIPPED)
    response = customer_api.post(f"/api/orders/{number}/cancel/")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"
    assert "can no longer be cancelled" in response.json()["error"]["message"]


def test_cancelling_twice_is_a_409(customer_api, product):
    number = place_order(customer_api, product.pk)
    assert customer_api.post(f"/api/orders/{number}/cancel/").status_code == 200
    assert customer_api.post(f"/api/orders/{number}/cancel/").status_code == 409


def test_order_list_queries_do_not_grow_with_page_size(customer_api, product):
    for _ in range(5):
        place_order(customer_api, product.pk)

    def count(page_size: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = customer_api.get("/api/orders/", {"page_size": page_size})
        assert len(response.json()["results"]) == page_size
        return len(queries)

    assert count(1) == count(5)
