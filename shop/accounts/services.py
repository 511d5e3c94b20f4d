"""Writes for customer accounts."""

from __future__ import annotations

from django.db import transaction

from shop.core import privacy

from .models import Address, User


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
    """Delete the account. Each app erases its own data first (orders are kept, anonymised, as
    the shop must keep its books); what an app leaves goes with the user row by cascade
    (addresses, cart, activity, conversations, tokens)."""
    for section in privacy.sections():
        if section.erase is not None:
            section.erase(user)
    user.delete()
