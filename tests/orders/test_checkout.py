from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail

from shop.catalogue.factories import ProductFactory, stock_set, variant_of
from shop.orders.cart import DatabaseCartStore
from shop.orders.models import Order, OrderStatus, PaymentTransaction
from tests.payments import card

from .conftest import DECLINED_CARD, GATEWAY_ERROR_CARD, checkout

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled_cart(customer_client, customer):
    product = ProductFactory(stock_quantity=5, price=Decimal("30.00"), title="Desk Lamp")
    other = ProductFactory(stock_quantity=2, price=Decimal("5.50"), title="Bulb")
    customer_client.post(f"/cart/add/{product.pk}/", {"quantity": "2"})
    customer_client.post(f"/cart/add/{other.pk}/", {"quantity": "1"})
    return product, other


def place(client, review):
    return client.post("/checkout/review/", {"idempotency_key": review.context["idempotency_key"]})


def test_checkout_places_a_paid_order(
    customer_client, customer, filled_cart, django_capture_on_commit_callbacks
):
    lamp, bulb = filled_cart
    review = checkout(customer_client)
    assert review.status_code == 200
    assert review.context["total"] == Decimal("65.50")  # free standard shipping over 50
    with django_capture_on_commit_callbacks(execute=True):
        response = place(customer_client, review)
    order = Order.objects.get(user=customer)
    assert response["Location"] == f"/checkout/done/{order.number}/"
    assert order.status == OrderStatus.PAID
    assert order.number.startswith("ORD-") and len(order.number) == 12
    assert order.total == Decimal("65.50") and order.shipping_price == Decimal("0.00")
    assert {(line.title, line.unit_price, line.quantity) for line in order.lines.all()} == {
        ("Desk Lamp", Decimal("30.00"), 2),
        ("Bulb", Decimal("5.50"), 1),
    }
    assert [h.to_status for h in order.history.all()] == ["pending", "paid"]
    assert set(order.payments.values_list("kind", flat=True)) == {"authorise", "capture"}
    lamp.refresh_from_db()
    bulb.refresh_from_db()
    assert (lamp.stock_quantity, bulb.stock_quantity) == (3, 1)
    assert DatabaseCartStore(customer).quantities() == {}
    assert len(mail.outbox) == 1 and order.number in mail.outbox[0].subject
    assert "Desk Lamp" in mail.outbox[0].body
    confirmation = customer_client.get(response["Location"])
    assert order.number in confirmation.content.decode()
    assert order.number in customer_client.get("/orders/").content.decode()


def test_prices_are_snapshots(customer_client, customer, filled_cart):
    lamp, _ = filled_cart
    place(customer_client, checkout(customer_client))
    lamp.price = Decimal("99.00")
    lamp.save(update_fields=["price"])
    line = Order.objects.get(user=customer).lines.get(sku=lamp.sku)
    assert line.unit_price == Decimal("30.00")


def test_express_shipping_is_charged(customer_client, customer, filled_cart):
    review = checkout(customer_client, method="express")
    assert review.context["total"] == Decimal("78.45")
    place(customer_client, review)
    assert Order.objects.get(user=customer).shipping_price == Decimal("12.95")


@pytest.mark.parametrize(
    ("card", "message"),
    [(DECLINED_CARD, "declined"), (GATEWAY_ERROR_CARD, "not answering")],
)
def test_decline_or_gateway_error_leaves_stock_and_cart(
    customer_client, customer, filled_cart, card, message
):
    lamp, bulb = filled_cart
    review = checkout(customer_client, card=card)
    response = customer_client.post(
        "/checkout/review/", {"idempotency_key": review.context["idempotency_key"]}, follow=True
    )
    assert message in " ".join(str(m) for m in response.context["messages"])
    assert not Order.objects.exists()
    assert not PaymentTransaction.objects.exists()
    lamp.refresh_from_db()
    bulb.refresh_from_db()
    assert (lamp.stock_quantity, bulb.stock_quantity) == (5, 2)
    assert DatabaseCartStore(customer).quantities() == {
        variant_of(lamp).pk: 2,
        variant_of(bulb).pk: 1,
    }


def test_invalid_card_number_is_refused_at_the_payment_step(customer_client, filled_cart):
    checkout_page = customer_client.post(
        "/checkout/",
        {"full_name": "A", "line1": "B", "city": "C", "postcode": "D", "country": "DE"},
    )
    assert checkout_page.status_code == 302
    customer_client.post("/checkout/shipping/", {"method": "standard"})
    response = customer_client.post(
        "/checkout/payment/",
        {"holder": "A", "number": "1234 5678 9012 3456", "expiry": "01/20", "cvc": "12"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "expiry" in errors and "cvc" in errors


def test_double_submit_makes_one_order(customer_client, customer, filled_cart):
    lamp, _ = filled_cart
    review = checkout(customer_client)
    first = place(customer_client, review)
    second = place(customer_client, review)
    assert first["Location"] == second["Location"]
    assert Order.objects.filter(user=customer).count() == 1
    lamp.refresh_from_db()
    assert lamp.stock_quantity == 3


def test_stock_gone_between_cart_and_checkout(customer_client, customer, filled_cart):
    lamp, bulb = filled_cart
    review = checkout(customer_client)
    stock_set(lamp, 1)
    response = customer_client.post(
        "/checkout/review/", {"idempotency_key": review.context["idempotency_key"]}, follow=True
    )
    assert "fix the problems in your cart" in " ".join(str(m) for m in response.context["messages"])
    assert "Only 1 left" in response.content.decode()
    assert not Order.objects.exists()
    bulb.refresh_from_db()
    assert bulb.stock_quantity == 2


def test_checkout_needs_a_cart_signed_in_or_not(customer_client):
    from django.test import Client

    assert Client().get("/checkout/")["Location"] == "/cart/"  # a guest may check out
    assert customer_client.get("/checkout/")["Location"] == "/cart/"


def test_checkout_address_validation(customer_client, filled_cart):
    response = customer_client.post("/checkout/", {"full_name": "", "country": "Germany"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "line1" in errors and "country" in errors


def test_order_place_rechecks_stock_under_the_lock(customer, shipping_address):
    from shop.catalogue.errors import OutOfStockError
    from shop.orders.services import order_place

    product = ProductFactory(stock_quantity=1, title="Last Chair")
    store = DatabaseCartStore(customer)
    store.set(variant_of(product).pk, 2)
    with pytest.raises(OutOfStockError, match="Only 1 of Last Chair left"):
        order_place(
            user=customer,
            store=store,
            address=shipping_address,
            shipping_method_code="standard",
            payment=card(),
            idempotency_key="x" * 32,
        )
    product.refresh_from_db()
    assert product.stock_quantity == 1
    assert store.quantities() == {variant_of(product).pk: 2}
