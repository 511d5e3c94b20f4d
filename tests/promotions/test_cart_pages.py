"""A voucher through the pages: the cart's form and messages, the discount per line and in
the totals on the cart, the review, the confirmation, the order page and the e-mail."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from shop.catalogue.factories import ProductFactory
from shop.orders.cart import DatabaseCartStore
from shop.orders.models import Order
from shop.promotions.factories import PromotionFactory, VoucherFactory
from shop.promotions.models import VoucherUse
from tests.orders.conftest import checkout

pytestmark = pytest.mark.django_db
D = Decimal
MINUS = "\u2212"  # the minus sign the pages print before a discount


@pytest.fixture
def lamp_in_cart(customer_client):  # type: ignore[no-untyped-def]
    lamp = ProductFactory(stock_quantity=5, price=D("30.00"), title="Desk Lamp")
    customer_client.post(f"/cart/add/{lamp.pk}/", {"quantity": "2"})
    return lamp


def messages_of(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(m) for m in response.context["messages"] if not str(m).startswith("Added ")]


def test_applying_a_code_shows_the_discount_per_line_and_in_the_totals(
    customer_client, customer, lamp_in_cart
):
    VoucherFactory(code="SAVE10", promotion__value=D("10"), promotion__name="Ten percent")
    response = customer_client.post("/cart/voucher/", {"code": "save10"}, follow=True)
    assert messages_of(response) == ["Code SAVE10 applied: you save €6.00."]
    page = response.content.decode()
    # on the line, with the price before struck through
    assert MINUS + "€6.00 discount" in page and "<del>" in page
    assert "Ten percent" in page and "€54.00" in page  # in the totals
    assert DatabaseCartStore(customer).voucher_code() == "SAVE10"
    removed = customer_client.post("/cart/voucher/remove/", follow=True)
    assert messages_of(removed) == ["The voucher code was removed."]
    assert DatabaseCartStore(customer).voucher_code() == ""


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("NOPE", "We don't know this code. Check it for typos."),
        ("OLD", "The code OLD has expired."),
        ("BIG", "Add €40.00 more of eligible items to use the code BIG."),
    ],
)
def test_a_refused_code_says_why_and_the_cart_is_unchanged(
    customer_client, customer, lamp_in_cart, code, expected
):
    now = timezone.now()
    VoucherFactory(code="OLD", starts_at=now - timedelta(days=9), ends_at=now - timedelta(days=1))
    VoucherFactory(code="BIG", promotion__min_spend=D("100.00"))
    response = customer_client.post("/cart/voucher/", {"code": code}, follow=True)
    assert messages_of(response) == [expected]
    assert DatabaseCartStore(customer).voucher_code() == ""
    assert response.context["cart"].discount == 0
    assert response.context["cart"].quote.total == D("60.00")


def test_an_empty_code_is_refused(customer_client, lamp_in_cart):
    response = customer_client.post("/cart/voucher/", {"code": "  "}, follow=True)
    assert messages_of(response) == ["Enter a voucher code."]


def test_the_discount_reaches_review_confirmation_order_page_and_email(
    customer_client, customer, lamp_in_cart, django_capture_on_commit_callbacks
):
    VoucherFactory(code="FIVE", promotion__kind="fixed", promotion__value=D("5.00"))
    PromotionFactory(name="Lamps week", description="Lamps week", value=D("10"), priority=5)
    customer_client.post("/cart/voucher/", {"code": "FIVE"})
    review = checkout(customer_client)
    # 60.00 - 10% (priority 5) = 54.00, then 5.00 off = 49.00; standard delivery below 50
    priced = review.context["priced"]
    assert (priced.discount, priced.goods_total) == (D("11.00"), D("49.00"))
    assert "Lamps week" in review.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = customer_client.post(
            "/checkout/review/", {"idempotency_key": review.context["idempotency_key"]}
        )
    order = Order.objects.get(user=customer)
    assert order.discount_total == D("11.00") and order.voucher_code == "FIVE"
    assert order.total == D("49.00") + order.shipping_price
    assert VoucherUse.objects.filter(order=order).count() == 1
    for page in (
        customer_client.get(done["Location"]),
        customer_client.get(f"/orders/{order.number}/"),
    ):
        html = page.content.decode()
        assert MINUS + "€11.00" in html and "code FIVE" in html and "Lamps week" in html
    (email,) = mail.outbox
    assert f"Discount (code FIVE): {MINUS}€11.00" in email.body


def test_the_signed_in_cart_reads_the_customer_s_segments_once(customer_client, lamp_in_cart):
    """Its lines, totals and offers are priced in several quotes; the segments are one read."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    PromotionFactory(kind="percentage", value=D("10"))
    with CaptureQueriesContext(connection) as queries:
        assert customer_client.get("/cart/").status_code == 200
    reads = [q["sql"] for q in queries.captured_queries if "segments_customersegment" in q["sql"]]
    assert len(reads) == 1, reads
