"""How orders reacts: a visitor's cart joins the account at sign-in; a guest's orders join the
account that verified their e-mail address; the outbox's handler of the order e-mails
(written by the payment services, delivered by ``shop.core.outbox``).

The cart merge is a Django signal receiver rather than a ``VisitorSignedIn`` subscriber: the
visitor's cart is in the session, which only the request carries.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from shop.accounts.events import EmailAddressVerified
from shop.accounts.models import User
from shop.core import events, outbox

from .cart import DatabaseCartStore, SessionCartStore
from .services import cart_merge, guest_orders_attach
from .services.emails import KINDS, order_email_deliver


@receiver(user_logged_in, dispatch_uid="orders.merge_cart_on_login")
def merge_visitor_cart(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is None or not hasattr(request, "session"):
        return
    cart_merge(source=SessionCartStore(request.session), target=DatabaseCartStore(user))


def attach_guest_orders(event: EmailAddressVerified) -> None:
    guest_orders_attach(user_id=event.user_id, email=event.email)


def connect() -> None:
    events.subscribe(EmailAddressVerified, attach_guest_orders, uid="orders.attach_guest_orders")
    for kind in KINDS:
        outbox.register_handler(kind, order_email_deliver)
