"""E-mails about an order."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

from ..models import Order


def order_confirmation_send(*, order_id: int) -> None:
    """E-mail the order summary to the customer."""
    order = Order.objects.prefetch_related("lines").get(pk=order_id)
    context = {"order": order, "shop_name": settings.SHOP_NAME}
    send_mail(
        subject=render_to_string("orders/email/confirmation_subject.txt", context).strip(),
        message=render_to_string("orders/email/confirmation.txt", context),
        from_email=None,
        recipient_list=[order.email],
    )
