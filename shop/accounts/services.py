"""Writes for customer accounts."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from .models import Address, User

ANONYMOUS_NAME = "Deleted customer"


def user_create(*, username: str, email: str, password: str) -> User:
    """Create a customer; the password must already have passed the validators (the form)."""
    user = User(username=username, email=email.strip())
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def address_save(*, address: Address, make_default: bool) -> Address:
    """Create or update an address; a customer's first address becomes the default."""
    has_default = (
        Address.objects.filter(user=address.user, is_default=True).exclude(pk=address.pk).exists()
    )
    if make_default or not has_default:
        Address.objects.filter(user=address.user, is_default=True).exclude(pk=address.pk).update(
            is_default=False
        )
        address.is_default = True
    address.full_clean()
    address.save()
    return address


@transaction.atomic
def address_delete(*, address: Address) -> None:
    """Delete an address; if it was the default, the newest remaining one takes over."""
    user, was_default = address.user, address.is_default
    address.delete()
    if was_default:
        successor = Address.objects.filter(user=user).order_by("-created_at").first()
        if successor is not None:
            successor.is_default = True
            successor.save(update_fields=["is_default"])


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Delete the account. Orders stay (the shop must keep its books) with the personal details
    removed; reviews, activity, chats, addresses and the cart go with the account."""
    # Imported here: these apps build on accounts, so accounts cannot import them at load.
    from customer_service.models import SupportTicket
    from shop.orders.models import Order
    from shop.ratings.models import Review
    from shop.ratings.services import product_rating_refresh

    Order.objects.filter(user=user).update(
        user=None,
        email="",
        ship_full_name=ANONYMOUS_NAME,
        ship_line1="",
        ship_line2="",
        ship_phone="",
        tracking_number="",
    )
    reviewed = list(Review.objects.filter(user=user).values_list("product_id", flat=True))
    Review.objects.filter(user=user).delete()
    for product_id in reviewed:
        product_rating_refresh(product_id=product_id)
    SupportTicket.objects.filter(Q(user=user) | Q(conversation__user=user)).delete()
    user.delete()  # cascades: addresses, cart, interactions, conversations, tokens
