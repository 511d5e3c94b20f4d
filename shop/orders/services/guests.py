"""Guest orders joining an account (see ``shop.orders.guests``)."""

from __future__ import annotations

from django.db.models.functions import Lower

from ..models import Order


def guest_orders_attach(*, user_id: int, email: str) -> int:
    """The guest orders placed with ``email`` become account ``user_id``'s; returns how many.

    Only for an address its owner proved they read (accounts' ``EmailAddressVerified``):
    anyone can type an address at a guest checkout, and anyone could sign up with it.
    """
    address = email.strip().lower()
    if not address:
        return 0
    return (
        Order.objects.alias(email_lower=Lower("email"))
        .filter(user=None, is_guest=True, email_lower=address)
        .update(user_id=user_id)
    )
