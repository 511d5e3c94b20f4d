"""The wishlist's e-mails, delivered by the outbox: a saved product is cheaper, or back."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from shop.core.outbox import Delivery, outbox_message_id

from .models import SavedItem
from .services import BACK_IN_STOCK, PRICE_DROP

TEMPLATES = {PRICE_DROP: "wishlist/email/price_drop", BACK_IN_STOCK: "wishlist/email/back_in_stock"}


def saved_item_alert_deliver(delivery: Delivery) -> None:
    """The outbox handler of both alerts. An item removed since, or an account without an
    address, gets nothing: the alert is moot."""
    item = (
        SavedItem.objects.select_related("product", "variant", "user")
        .filter(pk=delivery.payload["item_id"])
        .first()
    )
    if item is None or not item.user.email:
        return
    context = {
        "item": item,
        "price": Decimal(delivery.payload.get("price") or item.current_price),
        "shop_name": settings.SHOP_NAME,
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    template = TEMPLATES[delivery.kind]
    email = EmailMultiAlternatives(
        subject=" ".join(render_to_string(f"{template}_subject.txt", context).split()),
        body=render_to_string(f"{template}.txt", context),
        to=[item.user.email],
        headers={"Message-ID": outbox_message_id(delivery.message_id)},
    )
    email.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    email.send()
