from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core import mail

from shop.catalogue.factories import ProductFactory, variant_of
from shop.orders.cart import DatabaseCartStore
from shop.orders.models import CartLine

pytestmark = pytest.mark.django_db


def cart_lines(response):
    return {line.product.pk: line.quantity for line in response.context["cart"].lines}


def test_visitor_cart_lives_in_the_session(client):
    product = ProductFactory(stock_quantity=5)
    response = client.post(f"/cart/add/{product.pk}/", {"quantity": "2"})
    assert response.status_code == 302
    assert cart_lines(client.get("/cart/")) == {product.pk: 2}
    assert CartLine.objects.count() == 0
    client.post(f"/cart/add/{product.pk}/", {"quantity": "1"})
    assert cart_lines(client.get("/cart/")) == {product.pk: 3}


def test_customer_cart_is_stored(customer_client, customer):
    product = ProductFactory(stock_quantity=5)
    customer_client.post(f"/cart/add/{product.pk}/", {"quantity": "2"})
    assert DatabaseCartStore(customer).quantities() == {variant_of(product).pk: 2}


@pytest.mark.parametrize("quantity", ["0", "-1", "abc", "1.5", "", "6", "99999999999"])
def test_bad_quantities_get_a_message_and_change_nothing(client, quantity):
    product = ProductFactory(stock_quantity=5, title="Lamp")
    client.post(f"/cart/add/{product.pk}/", {"quantity": "1"})
    response = client.post(f"/cart/add/{product.pk}/", {"quantity": quantity}, follow=True)
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any(
        text in " ".join(messages)
        for text in (
            "at least 1",
            "whole number",
            "Only 5",
            "more than we can sell",
            "Enter a quantity",
        )
    ), messages
    assert cart_lines(client.get("/cart/")) == {product.pk: 1}


def test_adding_beyond_stock_across_two_adds_is_refused(client):
    product = ProductFactory(stock_quantity=3, title="Kettle")
    client.post(f"/cart/add/{product.pk}/", {"quantity": "2"})
    response = client.post(f"/cart/add/{product.pk}/", {"quantity": "2"}, follow=True)
    assert "Only 3 of Kettle in stock." in [str(m) for m in response.context["messages"]]
    assert cart_lines(client.get("/cart/")) == {product.pk: 2}


def test_out_of_stock_and_inactive_products_cannot_be_added(client):
    sold_out = ProductFactory(stock_quantity=0)
    inactive = ProductFactory(is_active=False)
    client.post(f"/cart/add/{sold_out.pk}/", {"quantity": "1"})
    assert client.post(f"/cart/add/{inactive.pk}/", {"quantity": "1"}).status_code == 404
    assert cart_lines(client.get("/cart/")) == {}


def test_change_quantity_and_remove(client):
    product = ProductFactory(stock_quantity=5)
    client.post(f"/cart/add/{product.pk}/", {"quantity": "1"})
    client.post(f"/cart/update/{variant_of(product).pk}/", {"quantity": "4"})
    assert cart_lines(client.get("/cart/")) == {product.pk: 4}
    client.post(f"/cart/update/{variant_of(product).pk}/", {"quantity": "9"})
    assert cart_lines(client.get("/cart/")) == {product.pk: 4}
    client.post(f"/cart/remove/{variant_of(product).pk}/")
    assert cart_lines(client.get("/cart/")) == {}


def test_totals_and_shipping_options(client, settings):
    settings.FREE_SHIPPING_THRESHOLD = "50.00"
    product = ProductFactory(stock_quantity=10, price=Decimal("20.00"))
    client.post(f"/cart/add/{product.pk}/", {"quantity": "2"})
    cart = client.get("/cart/").context["cart"]
    assert cart.subtotal == Decimal("40.00")
    prices = {o.method.code: o.price for o in cart.shipping_options()}
    assert prices == {"standard": Decimal("4.95"), "express": Decimal("12.95")}
    client.post(f"/cart/add/{product.pk}/", {"quantity": "1"})
    cart = client.get("/cart/").context["cart"]
    assert {o.method.code: o.price for o in cart.shipping_options()}["standard"] == Decimal("0.00")


def test_login_merges_carts_adding_quantities_capped_at_stock(client, customer, password):
    kept = ProductFactory(stock_quantity=4)
    merged = ProductFactory(stock_quantity=10)
    DatabaseCartStore(customer).set(variant_of(kept).pk, 3)
    client.post(f"/cart/add/{kept.pk}/", {"quantity": "3"})
    client.post(f"/cart/add/{merged.pk}/", {"quantity": "2"})
    client.post("/accounts/login/", {"username": customer.username, "password": password})
    assert DatabaseCartStore(customer).quantities() == {
        variant_of(kept).pk: 4,
        variant_of(merged).pk: 2,
    }
    assert cart_lines(client.get("/cart/")) == {kept.pk: 4, merged.pk: 2}


def test_signup_keeps_the_visitor_cart(client, django_capture_on_commit_callbacks):
    product = ProductFactory(stock_quantity=4)
    client.post(f"/cart/add/{product.pk}/", {"quantity": "2"})
    with django_capture_on_commit_callbacks(execute=True):  # the link is e-mailed on commit
        client.post(
            "/accounts/signup/",
            {
                "username": "fresh",
                "email": "fresh@example.com",
                "password1": "a-Strong-passphrase-42",
                "password2": "a-Strong-passphrase-42",
            },
        )
    link = re.search(r"(/accounts/signup/confirm/\S+/)", mail.outbox[-1].body)
    assert link
    assert client.post(link.group(1)).status_code == 302  # opened in the same browser
    assert cart_lines(client.get("/cart/")) == {product.pk: 2}


def test_header_shows_cart_count(client):
    product = ProductFactory(stock_quantity=5)
    client.post(f"/cart/add/{product.pk}/", {"quantity": "3"})
    assert client.get("/").context["cart_count"] == 3
