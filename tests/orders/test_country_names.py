"""Order addresses name the country ("Austria"), as the shipping zones' country data says,
wherever a shopper or staff reads them: the confirmation, the order page, the e-mails, admin."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core import mail

from shop.catalogue.factories import ProductFactory
from shop.orders.models import Order
from shop.shipping.selectors import shipping_for_country

from .conftest import checkout

pytestmark = pytest.mark.django_db


def address_block(html: str) -> str:
    found = re.search(r"<address>(.*?)</address>", html, re.S)
    assert found, html
    return found.group(1)


def test_the_order_address_names_the_country(
    customer_client, django_capture_on_commit_callbacks, admin_client
):
    lamp = ProductFactory(stock_quantity=5, price=Decimal("30.00"))
    customer_client.post(f"/cart/add/{lamp.pk}/", {"quantity": "1"})
    review = checkout(customer_client, country="at")
    name = shipping_for_country(country="AT").country_name
    assert name == "Austria"  # what the cart's delivery and the review already say
    assert review.context["country_name"] == name
    with django_capture_on_commit_callbacks(execute=True):
        placed = customer_client.post(
            "/checkout/review/", {"idempotency_key": review.context["idempotency_key"]}
        )
    order = Order.objects.get()
    assert order.ship_country == "AT"  # stored as the code; shown by name

    for path in (placed["Location"], f"/orders/{order.number}/"):
        block = address_block(customer_client.get(path).content.decode())
        assert "Austria" in block and not re.search(r"\bAT\b", block), (path, block)

    (message,) = mail.outbox
    assert "\nAustria\n" in message.body and "\nAT\n" not in message.body
    html_part = str(message.alternatives[0][0])
    assert "Austria" in html_part and "<br>AT" not in html_part

    change = admin_client.get(f"/admin/orders/order/{order.pk}/change/").content.decode()
    assert "Austria" in change
