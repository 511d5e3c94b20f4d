"""How orders reacts: a visitor's cart joins the account at sign-in, a paid order is e-mailed.

The cart merge is a Django signal receiver rather than a ``VisitorSignedIn`` subscriber: the
visitor's cart is in the session, which only the request carries.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from shop.accounts.models import User
from shop.core import events

from .cart import DatabaseCartStore, SessionCartStore
from .events import OrderPaid
from .services import cart_merge
from .tasks import send_order_confirmation

logger = logging.getLogger(__name__)


@receiver(user_logged_in, dispatch_uid="orders.merge_cart_on_login")
def merge_visitor_cart(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is None or not hasattr(request, "session"):
        return
    cart_merge(source=SessionCartStore(request.session), target=DatabaseCartStore(user))


def send_confirmation(event: OrderPaid) -> None:
    try:
        send_order_confirmation.delay(event.order_id)
    except Exception:  # the broker may be down; the order stands and staff can resend
        logger.exception("could not queue the confirmation of order %s", event.order_id)


def connect() -> None:
    events.subscribe(OrderPaid, send_confirmation, uid="orders.send_confirmation")
