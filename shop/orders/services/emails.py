"""E-mails about an order, sent through the transactional outbox (``shop.core.outbox``).

The checkout writes the confirmation's outbox message in the transaction that marks the order
paid (``payments._record_capture``); the outbox calls ``order_confirmation_deliver`` once the
queue can take it, with the message's id, from which the e-mail's Message-ID is derived.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from shop.core.outbox import Delivery, outbox_message_id, outbox_put

from ..models import Order

CONFIRMATION = "orders.confirmation"


def order_confirmation_queue(*, order_id: int) -> None:
    """Inside the transaction that marks the order paid: its confirmation must go out."""
    outbox_put(kind=CONFIRMATION, payload={"order_id": order_id}, key=f"{CONFIRMATION}:{order_id}")


def order_confirmation_send(*, order_id: int, message_id: str | None = None) -> None:
    """E-mail the order summary to the customer (``message_id`` makes its Message-ID header)."""
    order = Order.objects.prefetch_related("lines").get(pk=order_id)
    context = {"order": order, "shop_name": settings.SHOP_NAME}
    headers = {"Message-ID": outbox_message_id(message_id)} if message_id else None
    EmailMessage(
        subject=render_to_string("orders/email/confirmation_subject.txt", context).strip(),
        body=render_to_string("orders/email/confirmation.txt", context),
        to=[order.email],
        headers=headers,
    ).send()


def order_confirmation_deliver(delivery: Delivery) -> None:
    """The outbox handler of ``orders.confirmation``."""
    order_id = int(delivery.payload["order_id"])
    if not Order.objects.filter(pk=order_id).exclude(email="").exists():
        return  # the account was deleted since (orders are kept, anonymised): nobody to tell
    order_confirmation_send(order_id=order_id, message_id=delivery.message_id)
