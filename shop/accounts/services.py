"""Writes for customer accounts."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shop.core import events, privacy
from shop.core.errors import ShopError
from shop.core.outbox import outbox_put

from .emails import PASSWORD_RESET, SIGNUP, SIGNUP_SALT
from .events import EmailAddressVerified
from .models import Address, PendingSignup, User

# How long a sign-up's confirmation link works.
SIGNUP_LINK_VALID_FOR = timedelta(days=3)


class SignupLinkError(ShopError):
    """The confirmation link is not valid (any more)."""


@transaction.atomic
def signup_request(
    *,
    username: str,
    email: str,
    password: str,
    domain: str,
    protocol: str,
    next_path: str = "",
) -> None:
    """Someone signs up: the link that creates the account is e-mailed to ``email``. If the
    address has an account, its owner is told instead. The caller answers the same either way,
    and the work here is the same (a password hashed, a row or two written): neither the page
    nor its timing says whether the address is a customer's. The password must already have
    passed the validators (the form); ``next_path`` (checked by the caller) is where the link
    goes on to."""
    email = email.strip()
    hashed = make_password(password)
    PendingSignup.objects.filter(created_at__lt=timezone.now() - SIGNUP_LINK_VALID_FOR).delete()
    pending_id = None
    if not User.objects.filter(email__iexact=email).exists():
        # One statement (an upsert), so this branch costs about what the other does.
        (pending,) = PendingSignup.objects.bulk_create(
            [
                PendingSignup(
                    email=email.lower(),
                    username=username,
                    password=hashed,
                    created_at=timezone.now(),
                )
            ],
            update_conflicts=True,
            unique_fields=["email"],
            update_fields=["username", "password", "created_at"],
        )
        pending_id = pending.pk
    outbox_put(
        kind=SIGNUP,
        payload={
            "pending_id": pending_id,
            "email": email,
            "domain": domain,
            "protocol": protocol,
            "next": next_path,
        },
    )


@transaction.atomic
def signup_confirm(*, token: str) -> User:
    """Open a confirmation link: the account is created, as it was asked for, and its e-mail
    address is verified (announced: orders gives it the guest orders placed with it)."""
    try:
        pending_id, created = signing.loads(token, salt=SIGNUP_SALT, max_age=SIGNUP_LINK_VALID_FOR)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise SignupLinkError(_("This link is not valid or has expired.")) from error
    pending = PendingSignup.objects.select_for_update().filter(pk=pending_id).first()
    if pending is None or pending.created_at.isoformat() != created:
        raise SignupLinkError(_("This link is not valid or has expired."))
    if User.objects.filter(email__iexact=pending.email).exists():
        pending.delete()
        raise SignupLinkError(_("This address already has an account: log in instead."))
    if User.objects.filter(username__iexact=pending.username).exists():
        pending.delete()
        raise SignupLinkError(
            _("Someone took that username meanwhile. Please sign up again with another.")
        )
    user = User(username=pending.username, email=pending.email, password=pending.password)
    user.full_clean(exclude=["password"])
    user.save()
    pending.delete()
    events.publish(EmailAddressVerified(user_id=user.pk, email=user.email))
    return user


def password_reset_request(*, email: str, domain: str, protocol: str) -> None:
    """Someone asks for a password reset: the link goes out through the outbox, to the account
    of that address if there is one (decided when it is sent). The same work either way."""
    outbox_put(
        kind=PASSWORD_RESET,
        payload={"email": email.strip(), "domain": domain, "protocol": protocol},
    )


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
