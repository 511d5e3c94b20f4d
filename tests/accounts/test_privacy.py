"""A customer's own data: download it, delete the account (orders kept, anonymised)."""

from __future__ import annotations

import json

import pytest

from customer_service.models import Conversation
from recommendations.models import Interaction, RowEvent
from shop.accounts.factories import AddressFactory, UserFactory
from shop.accounts.models import Address, User
from shop.catalogue.factories import ProductFactory, variant_of
from shop.orders.cart import DatabaseCartStore
from shop.orders.models import Order
from shop.orders.services import ShippingAddress, order_place
from shop.ratings.services import review_submit
from shop.risk.factories import PaymentFailureFactory
from shop.segments.services import segments_refresh
from tests.payments import card

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(customer, django_capture_on_commit_callbacks):
    product = ProductFactory(title="Walnut Desk", stock_quantity=5)
    AddressFactory(user=customer, full_name="Ada Lovelace", line1="12 Private Lane")
    store = DatabaseCartStore(customer)
    store.set(variant_of(product).pk, 1)
    order = order_place(
        user=customer,
        store=store,
        address=ShippingAddress(
            "Ada Lovelace", "12 Private Lane", "London", "N1", "GB", phone="0123"
        ),
        shipping_method_code="standard",
        payment=card(),
        idempotency_key="p" * 32,
    )
    with django_capture_on_commit_callbacks(execute=True):  # the rating is recorded on commit
        review_submit(user=customer, product=product, stars=5, title="Sturdy")
    Interaction.objects.create(user=customer, product=product, kind="view")
    RowEvent.objects.create(
        kind="shown", placement="home_personal", position=3, product=product, user=customer
    )
    Conversation.objects.create(user=customer)
    PaymentFailureFactory(user=customer)
    segments_refresh()
    return order, product


def test_download_holds_everything_about_the_customer(customer_client, customer, history):
    order, _ = history
    response = customer_client.get("/accounts/data/")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == customer.email
    assert data["addresses"][0]["line1"] == "12 Private Lane"
    assert data["orders"][0]["number"] == order.number
    assert data["orders"][0]["lines"][0]["title"] == "Walnut Desk"
    assert data["reviews"][0]["title"] == "Sturdy"
    assert {a["kind"] for a in data["activity"]} >= {"view", "rating"}
    assert [
        (e["product"], e["placement"], e["position"]) for e in data["recommendations_seen"]
    ] == [("Walnut Desk", "home_personal", 3)]
    assert len(data["conversations"]) == 1
    assert data["failed_payments"] == [
        {"kind": "declined", "amount": "100.00", "at": data["failed_payments"][0]["at"]}
    ]
    assert data["segment"]["orders"] == 1 and data["segment"]["segment"]


def test_download_contains_only_ones_own_data(customer_client, history):
    stranger = UserFactory(username="stranger", email="stranger@example.com")
    AddressFactory(user=stranger, line1="99 Other Road")
    body = customer_client.get("/accounts/data/").content.decode()
    assert "stranger@example.com" not in body and "99 Other Road" not in body


def test_delete_needs_the_password(customer_client, customer, history):
    response = customer_client.post("/accounts/delete/", {"password": "wrong"})
    assert response.status_code == 200
    assert "not your password" in response.content.decode()
    assert User.objects.filter(pk=customer.pk).exists()


def test_delete_keeps_orders_anonymised_and_removes_the_rest(
    customer_client, customer, password, history
):
    order, product = history
    product.refresh_from_db()
    assert product.rating_count == 1
    response = customer_client.post("/accounts/delete/", {"password": password})
    assert response.status_code == 302
    assert not User.objects.filter(pk=customer.pk).exists()
    order.refresh_from_db()
    assert order.user is None and order.email == ""
    assert (
        order.ship_full_name == "Deleted customer"
        and order.ship_line1 == ""
        and order.ship_phone == ""
    )
    assert order.lines.count() == 1 and order.total > 0  # the books still add up
    assert not Address.objects.exists()
    assert not Interaction.objects.filter(product=product).exclude(user=None).exists()
    product.refresh_from_db()
    assert product.rating_count == 0
    assert Order.objects.count() == 1
    # Signed out, and the old session cannot see anything.
    assert customer_client.get("/accounts/profile/").status_code == 302
