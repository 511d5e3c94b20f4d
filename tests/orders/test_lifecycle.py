from __future__ import annotations

import pytest
from django.urls import reverse

from shop.accounts.factories import UserFactory
from shop.catalogue.factories import ProductFactory, variant_of
from shop.orders.cart import DatabaseCartStore
from shop.orders.errors import OrderTransitionError
from shop.orders.models import Order, OrderStatus, PaymentStatus
from shop.orders.payments.test_gateway import TestGateway
from shop.orders.services import order_place, order_transition
from tests.payments import card

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_order(customer, shipping_address):
    product = ProductFactory(stock_quantity=5)
    store = DatabaseCartStore(customer)
    store.set(variant_of(product).pk, 2)
    order = order_place(
        user=customer,
        store=store,
        address=shipping_address,
        shipping_method_code="standard",
        payment=card(),
        idempotency_key="k" * 32,
    )
    return order, product


def test_full_lifecycle_records_history_with_timestamps(paid_order, staff_user):
    order, _ = paid_order
    order = order_transition(
        order=order, to_status=OrderStatus.SHIPPED, by=staff_user, tracking_number="TRK1"
    )
    order = order_transition(order=order, to_status=OrderStatus.DELIVERED, by=staff_user)
    assert order.shipped_at and order.delivered_at and order.tracking_number == "TRK1"
    assert [h.to_status for h in order.history.all()] == ["pending", "paid", "shipped", "delivered"]


@pytest.mark.parametrize(
    ("path", "forbidden"),
    [
        ([OrderStatus.SHIPPED], OrderStatus.CANCELLED),
        ([OrderStatus.CANCELLED], OrderStatus.SHIPPED),
        ([OrderStatus.REFUNDED], OrderStatus.PAID),
        ([], OrderStatus.DELIVERED),
    ],
)
def test_illegal_transitions_are_refused(paid_order, path, forbidden):
    order, _ = paid_order
    for status in path:
        order = order_transition(order=order, to_status=status)
    with pytest.raises(OrderTransitionError):
        order_transition(order=order, to_status=forbidden)


def test_cancel_before_shipping_returns_stock_and_refunds(
    paid_order, django_capture_on_commit_callbacks
):
    order, product = paid_order
    product.refresh_from_db()
    assert product.stock_quantity == 3
    with django_capture_on_commit_callbacks(execute=True):  # the refund runs after the commit
        order_transition(order=order, to_status=OrderStatus.CANCELLED)
    product.refresh_from_db()
    assert product.stock_quantity == 5
    assert order.payments.filter(kind="refund").count() == 1
    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.REFUNDED
    assert TestGateway().lookup(reference=order.payment_reference).refunds == (order.total,)


def test_refund_after_delivery_goes_through_the_backend_without_restock(
    paid_order, django_capture_on_commit_callbacks
):
    order, product = paid_order
    order_transition(order=order, to_status=OrderStatus.SHIPPED)
    order_transition(order=order, to_status=OrderStatus.DELIVERED)
    with django_capture_on_commit_callbacks(execute=True):
        order = order_transition(order=order, to_status=OrderStatus.REFUNDED)
    assert order.refunded_at is not None
    assert order.payments.get(kind="refund").reference.startswith("ref_")
    assert TestGateway().lookup(reference=order.payment_reference).status == "refunded"
    product.refresh_from_db()
    assert product.stock_quantity == 3


def test_customer_cancels_own_order_until_shipped(customer_client, paid_order):
    order, product = paid_order
    customer_client.post(f"/orders/{order.number}/cancel/")
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    product.refresh_from_db()
    assert product.stock_quantity == 5


def test_customer_cannot_cancel_shipped_order(customer_client, paid_order):
    order, _ = paid_order
    order_transition(order=order, to_status=OrderStatus.SHIPPED)
    response = customer_client.post(f"/orders/{order.number}/cancel/", follow=True)
    assert "can no longer be cancelled" in " ".join(str(m) for m in response.context["messages"])
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED


def test_customers_see_only_their_own_orders(client, paid_order):
    order, _ = paid_order
    stranger = UserFactory(username="stranger")
    client.force_login(stranger)
    assert client.get(f"/orders/{order.number}/").status_code == 404
    assert client.get(f"/checkout/done/{order.number}/").status_code == 404
    assert client.post(f"/orders/{order.number}/cancel/").status_code == 404
    assert order.number not in client.get("/orders/").content.decode()
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID


def test_order_pages_show_status_and_history(customer_client, paid_order):
    order, _ = paid_order
    body = customer_client.get(f"/orders/{order.number}/").content.decode()
    assert "Paid" in body and order.number in body


def test_admin_actions_drive_the_lifecycle(client, staff_user, paid_order):
    order, _ = paid_order
    client.force_login(staff_user)
    url = reverse("admin:orders_order_changelist")
    # Shipping asks for the parcel's carrier and tracking number first.
    asked = client.post(url, {"action": "mark_shipped", "_selected_action": [order.pk]})
    assert asked.status_code == 200 and b"Tracking number" in asked.content
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    client.post(
        url,
        {
            "action": "mark_shipped",
            "_selected_action": [order.pk],
            "ship": "1",
            f"order-{order.pk}-carrier": "dpd",
            f"order-{order.pk}-tracking_number": "01234567890123",
        },
    )
    order.refresh_from_db()
    assert (order.status, order.tracking_number) == (OrderStatus.SHIPPED, "01234567890123")
    response = client.post(
        url, {"action": "cancel_orders", "_selected_action": [order.pk]}, follow=True
    )
    assert "cannot become Cancelled" in response.content.decode()
    client.post(url, {"action": "mark_delivered", "_selected_action": [order.pk]})
    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED
    assert client.get(reverse("admin:orders_order_change", args=[order.pk])).status_code == 200
    assert client.get(url, {"status__exact": "delivered"}).status_code == 200


def test_order_number_unique_and_friendly(paid_order):
    order, _ = paid_order
    assert Order.objects.filter(number=order.number).count() == 1
    assert all(c in "ABCDEFGHJKLMNPQRSTUVWXYZ23456789" for c in order.number[4:])
