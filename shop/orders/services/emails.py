"""E-mails about an order, sent through the transactional outbox (``shop.core.outbox``).

Each e-mail is written to the outbox in the transaction that makes it true: the confirmation
in the one that marks the order paid (``payments._record_capture``), the shipped, delivered,
cancelled and refunded e-mails in the one that moves the order (``lifecycle.order_transition``).
So it exists exactly when its cause does and survives a queue outage. Its outbox key names
the order and the event, so one event is never written twice, and the outbox hands each
message out once; its Message-ID is derived from the message's id, the same on every attempt,
so a retry after a lost acknowledgement is recognisable as the same e-mail.

Every e-mail has a text and an HTML part, from ``orders/email/<event>.txt`` and ``.html``
(with ``<event>_subject.txt``). Its link to the order is the order page for a customer and,
for a guest whose order no account has claimed, the signed lookup link (``guests``), valid
from the moment the e-mail is sent.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from shop.core.outbox import Delivery, outbox_message_id, outbox_put

from ..guests import order_lookup_token
from ..models import Order, OrderStatus

CONFIRMATION = "orders.confirmation"
SHIPPED = "orders.shipped"
DELIVERED = "orders.delivered"
CANCELLED = "orders.cancelled"
REFUNDED = "orders.refunded"
# The outbox kind of the e-mail that tells the customer their order became this status.
KIND_FOR_STATUS: dict[str, str] = {
    OrderStatus.SHIPPED: SHIPPED,
    OrderStatus.DELIVERED: DELIVERED,
    OrderStatus.CANCELLED: CANCELLED,
    OrderStatus.REFUNDED: REFUNDED,
}
KINDS = (CONFIRMATION, *KIND_FOR_STATUS.values())


def _template(kind: str) -> str:
    return f"orders/email/{kind.removeprefix('orders.')}"


def order_email_queue(*, order_id: int, kind: str) -> None:
    """Inside the transaction that causes it: this e-mail about the order must go out."""
    if kind not in KINDS:
        raise ValueError(f"no order e-mail of kind {kind!r}")
    outbox_put(kind=kind, payload={"order_id": order_id}, key=f"{kind}:{order_id}")


def order_confirmation_queue(*, order_id: int) -> None:
    order_email_queue(order_id=order_id, kind=CONFIRMATION)


def order_email_send(*, order_id: int, kind: str, message_id: str | None = None) -> None:
    """Render and send one e-mail about the order (``message_id`` makes its Message-ID)."""
    order = Order.objects.prefetch_related("lines").get(pk=order_id)
    site_url = settings.SITE_URL.rstrip("/")
    context = {
        "order": order,
        "order_url": site_url + order_link(order),
        "shop_name": settings.SHOP_NAME,
        "site_url": site_url,
        "return_days": settings.RETURN_WINDOW_DAYS,
        "lookup_days": settings.ORDER_LOOKUP_LINK_DAYS,
    }
    template = _template(kind)
    headers = {"Message-ID": outbox_message_id(message_id)} if message_id else None
    email = EmailMultiAlternatives(
        subject=" ".join(render_to_string(f"{template}_subject.txt", context).split()),
        body=render_to_string(f"{template}.txt", context),
        to=[order.email],
        headers=headers,
    )
    email.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    email.send()


def order_link(order: Order) -> str:
    """Where an e-mail about the order sends its reader: a guest's signed link until an
    account claims the order, then (and for a customer's) the order page."""
    if order.user_id is None and order.is_guest:
        return reverse("orders:lookup", kwargs={"token": order_lookup_token(number=order.number)})
    return order.get_absolute_url()


def order_confirmation_send(*, order_id: int, message_id: str | None = None) -> None:
    """E-mail the order summary to the customer."""
    order_email_send(order_id=order_id, kind=CONFIRMATION, message_id=message_id)


def order_email_deliver(delivery: Delivery) -> None:
    """The outbox handler of every order e-mail."""
    order_id = int(delivery.payload["order_id"])
    if not Order.objects.filter(pk=order_id).exclude(email="").exists():
        return  # the account was deleted since (orders are kept, anonymised): nobody to tell
    order_email_send(order_id=order_id, kind=delivery.kind, message_id=delivery.message_id)
