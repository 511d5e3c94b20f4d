"""The customer hears of every step of their order by e-mail (text and HTML), through the
outbox: one e-mail per event, whatever the queue does, and staff give the tracking number
when they mark an order shipped."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from shop.catalogue.factories import ProductFactory, variant_of
from shop.core.models import OutboxMessage
from shop.core.outbox import outbox_deliver, outbox_relay
from shop.orders.cart import DatabaseCartStore
from shop.orders.models import Order, OrderStatus
from shop.orders.services import order_place, order_transition
from tests.payments import card

pytestmark = pytest.mark.django_db


@pytest.fixture
def place(customer, shipping_address, django_capture_on_commit_callbacks):
    def placed(key: str = "k" * 32) -> Order:
        product: Any = ProductFactory(title="Trail Tent", stock_quantity=5)
        store = DatabaseCartStore(customer)
        store.set(variant_of(product).pk, 1)
        with django_capture_on_commit_callbacks(execute=True):
            return order_place(
                user=customer,
                store=store,
                address=shipping_address,
                shipping_method_code="standard",
                payment=card(),
                idempotency_key=key,
            )

    return placed


@pytest.fixture
def move(django_capture_on_commit_callbacks):
    def moved(order: Order, to_status: str, **fields: Any) -> Order:
        with django_capture_on_commit_callbacks(execute=True):
            return order_transition(order=order, to_status=to_status, **fields)

    return moved


def html_of(message) -> str:
    ((body, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    return body


def test_each_step_sends_one_email_in_text_and_html(place, move, customer, settings):
    settings.SITE_URL = "https://shop.example.com"
    order = place()
    assert [m.subject for m in mail.outbox] == [f"Your order {order.number} at Brightcart"]
    confirmation = mail.outbox[0]
    assert "Trail Tent" in confirmation.body and "Trail Tent" in html_of(confirmation)
    assert f"https://shop.example.com/orders/{order.number}/" in confirmation.body

    move(order, OrderStatus.SHIPPED, carrier="ups", tracking_number="1Z 999 AA1")
    shipped = mail.outbox[-1]
    assert shipped.subject == f"Your order {order.number} is on its way"
    assert shipped.to == [customer.email]
    assert "Carrier: UPS" in shipped.body and "Tracking number: 1Z 999 AA1" in shipped.body
    link = "https://www.ups.com/track?tracknum=1Z%20999%20AA1"
    assert link in shipped.body and f'href="{link}"' in html_of(shipped)

    move(order, OrderStatus.DELIVERED)
    delivered = mail.outbox[-1]
    assert delivered.subject == f"Your order {order.number} has been delivered"
    assert "within 30 days of delivery" in delivered.body

    move(order, OrderStatus.REFUNDED)
    refunded = mail.outbox[-1]
    assert refunded.subject == f"Your refund for order {order.number}"
    assert "goes back to the card you paid with" in refunded.body
    assert len(mail.outbox) == 4
    # Each e-mail has its own Message-ID, derived from its outbox message.
    ids = {m.extra_headers["Message-ID"] for m in mail.outbox}
    assert len(ids) == 4


def test_a_cancelled_order_says_where_the_money_goes(place, move):
    order = place()
    move(order, OrderStatus.CANCELLED)
    cancelled = mail.outbox[-1]
    assert cancelled.subject == f"Your order {order.number} has been cancelled"
    assert "goes back to the card you paid with" in cancelled.body  # it was paid
    assert "goes back to the card you paid with" in html_of(cancelled)


def test_one_email_per_event_across_a_queue_outage_and_redeliveries(place, settings):
    order = place()
    mail.outbox.clear()
    settings.OUTBOX_DELIVER_ON_COMMIT = False  # a broker to relay through, and it is down
    order_transition(order=order, to_status=OrderStatus.SHIPPED, tracking_number="TRK-1")
    message = OutboxMessage.objects.get(kind="orders.shipped")
    assert message.status == OutboxMessage.Status.PENDING and mail.outbox == []

    def broker_down(message_id: str) -> None:
        raise ConnectionError("Redis is down")

    with pytest.raises(ConnectionError):
        outbox_relay(send=broker_down)
    assert mail.outbox == []

    sent: list[str] = []

    def broker_up(message_id: str) -> None:  # the worker delivers at once
        sent.append(message_id)
        outbox_deliver(message_id=message_id)

    OutboxMessage.objects.filter(pk=message.pk).update(due_at=message.created_at)
    outbox_relay(send=broker_up)
    assert sent == [str(message.pk)] and len(mail.outbox) == 1
    sent.clear()
    # The task is redelivered (a worker died before acknowledging) and the relay runs again.
    assert outbox_deliver(message_id=str(message.pk)) == "skipped"
    outbox_relay(send=broker_up)
    assert sent == [] and len(mail.outbox) == 1 and "TRK-1" in mail.outbox[0].body
    # The same event cannot be written twice: the order cannot ship twice, and the key holds.
    assert OutboxMessage.objects.filter(key=f"orders.shipped:{order.pk}").count() == 1


def test_staff_give_carrier_and_tracking_number_when_they_ship(
    place, client, staff_user, customer, django_capture_on_commit_callbacks
):
    first, second = place("a" * 32), place("b" * 32)
    mail.outbox.clear()
    client.force_login(staff_user)
    changelist = reverse("admin:orders_order_changelist")
    chosen = {"action": "mark_shipped", "_selected_action": [first.pk, second.pk]}

    page = client.post(changelist, chosen)
    assert page.status_code == 200
    assert first.number.encode() in page.content and second.number.encode() in page.content

    missing = client.post(
        changelist,
        {
            **chosen,
            "ship": "1",
            f"order-{first.pk}-carrier": "dhl",
            f"order-{first.pk}-tracking_number": "JJD000390007",
            f"order-{second.pk}-carrier": "dhl",
            f"order-{second.pk}-tracking_number": "   ",
        },
    )
    assert missing.status_code == 200 and b"This field is required" in missing.content
    assert set(Order.objects.values_list("status", flat=True)) == {OrderStatus.PAID}

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            changelist,
            {
                **chosen,
                "ship": "1",
                f"order-{first.pk}-carrier": "dhl",
                f"order-{first.pk}-tracking_number": "JJD000390007",
                f"order-{second.pk}-carrier": "other",
                f"order-{second.pk}-tracking_number": "VAN-7",
            },
        )
    assert done.status_code == 302
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.status, first.carrier, first.tracking_number) == (
        "shipped",
        "dhl",
        "JJD000390007",
    )
    assert (second.carrier, second.tracking_url) == ("other", "")
    assert sorted("JJD000390007" in m.body for m in mail.outbox) == [False, True]
    assert all(m.subject.endswith("is on its way") for m in mail.outbox) and len(mail.outbox) == 2

    client.force_login(customer)
    detail = client.get(first.get_absolute_url()).content.decode()
    assert "DHL" in detail and f'href="{first.tracking_url}"' in detail
    api = client.get(f"/api/orders/{first.number}/").json()
    assert api["carrier"] == "DHL" and api["tracking_url"] == first.tracking_url
