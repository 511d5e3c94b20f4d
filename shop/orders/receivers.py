"""On sign-in, a visitor's cart and browsing history join the account.

The receiver only delegates to services; the rules are in ``cart_merge`` and
``interaction_claim_session``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from recommendations.services import interaction_claim_session, visitor_key
from shop.accounts.models import User

from .cart import DatabaseCartStore, SessionCartStore
from .services import cart_merge


@receiver(user_logged_in, dispatch_uid="orders.merge_cart_on_login")
def merge_visitor_state(
    sender: Any, request: HttpRequest | None, user: User, **kwargs: Any
) -> None:
    if request is None or not hasattr(request, "session"):
        return
    cart_merge(source=SessionCartStore(request.session), target=DatabaseCartStore(user))
    interaction_claim_session(session_key=visitor_key(request, create=False), user=user)
