"""The API's voucher on the cart, its discounts in the cart and the order, and checkout."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shop.orders.cart import DatabaseCartStore
from shop.promotions.factories import PromotionFactory, VoucherFactory
from shop.promotions.models import VoucherUse

from .test_checkout import checkout

pytestmark = pytest.mark.django_db


@pytest.fixture
def cart(customer_api, product):  # type: ignore[no-untyped-def]
    response = customer_api.post(
        "/api/cart/items/", {"product_id": product.pk, "quantity": 2}, format="json"
    )
    assert response.status_code == 200
    return response


def test_a_code_applied_through_the_api_prices_the_cart(customer_api, customer, cart):
    VoucherFactory(code="SAVE10", promotion__value=Decimal("10"), promotion__name="Ten")
    response = customer_api.put("/api/cart/voucher/", {"code": "save10"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["subtotal"], body["discount"], body["goods_total"]) == ("60.00", "6.00", "54.00")
    assert body["voucher_code"] == "SAVE10" and body["voucher_problem"] == ""
    assert body["lines"][0]["discount"] == "6.00" and body["lines"][0]["line_total"] == "54.00"
    assert body["discounts"] == [
        {"name": "Ten", "kind": "percentage", "voucher_code": "SAVE10", "amount": "6.00"}
    ]
    removed = customer_api.delete("/api/cart/voucher/")
    assert removed.status_code == 200 and removed.json()["voucher_code"] == ""


@pytest.mark.parametrize(
    ("code", "message"),
    [("NOPE", "We don't know this code."), ("BIG", "Add €40.00 more of eligible items")],
)
def test_a_refused_code_is_a_422_that_says_why_and_changes_nothing(
    customer_api, customer, cart, code, message
):
    VoucherFactory(code="BIG", promotion__min_spend=Decimal("100"))
    response = customer_api.put("/api/cart/voucher/", {"code": code}, format="json")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "voucher_rejected" and message in error["message"], error
    assert DatabaseCartStore(customer).voucher_code() == ""


def test_checkout_through_the_api_uses_the_carts_code_and_the_order_shows_it(
    customer_api, customer, cart
):
    VoucherFactory(code="FIVE", promotion__kind="fixed", promotion__value=Decimal("5.00"))
    PromotionFactory(kind="free_shipping")
    assert (
        customer_api.put("/api/cart/voucher/", {"code": "FIVE"}, format="json").status_code == 200
    )
    response = checkout(customer_api)
    assert response.status_code == 201, response.content
    order = response.json()
    assert (order["discount_total"], order["voucher_code"], order["total"]) == (
        "5.00",
        "FIVE",
        "55.00",
    )
    assert order["lines"][0]["discount"] == "5.00"
    assert VoucherUse.objects.filter(order__number=order["number"]).count() == 1
