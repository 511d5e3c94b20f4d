"""Guest checkout: who a guest is to checkout, and the signed link to their order.

A guest has no account, so two things stand in for it:

* **their browser's secret** (``Guest.secret``, kept in their session): it scopes their
  idempotency keys as a customer's id scopes a customer's, so a repeated submission finds the
  order it placed and no other guest can reach it with the same key;
* **the order lookup link** in the confirmation e-mail: the order number signed with a salt
  and the time of signing (``TimestampSigner``), working ``settings.ORDER_LOOKUP_LINK_DAYS``.
  It shows that one order, read-only; a changed character or an old link shows a page saying
  so, never another order.

An account created later with the same e-mail address claims the guest's orders once its
owner opened the confirmation link of the sign-up (``services.guests``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing

LOOKUP_SALT = "shop.orders.guest-lookup"


@dataclass(frozen=True)
class Guest:
    """A shopper checking out without an account: where the order's e-mails go, and the secret
    of their session that scopes their idempotency keys."""

    email: str
    secret: str


def guest_order_key(secret: str, idempotency_key: str) -> str:
    """What a guest order stores as its idempotency key: theirs, bound to their secret (64 hex
    characters, the column's width)."""
    return hashlib.sha256(f"guest:{secret}:{idempotency_key}".encode()).hexdigest()


class LookupLinkError(Exception):
    """The order link is not one the shop made (changed, cut short)."""


class LookupLinkExpiredError(LookupLinkError):
    """The order link is genuine but older than ``ORDER_LOOKUP_LINK_DAYS``."""


def lookup_signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=LOOKUP_SALT)


def lookup_max_age() -> timedelta:
    return timedelta(days=settings.ORDER_LOOKUP_LINK_DAYS)


def order_lookup_token(*, number: str) -> str:
    """The secret part of the link to order ``number``, valid from now."""
    return lookup_signer().sign(number)


def order_lookup_number(*, token: str) -> str:
    """The order number the link names; raises ``LookupLinkExpiredError`` past its age and
    ``LookupLinkError`` when it was not signed by the shop for an order lookup."""
    try:
        return lookup_signer().unsign(token, max_age=lookup_max_age())
    except signing.SignatureExpired as error:
        raise LookupLinkExpiredError(str(error)) from error
    except signing.BadSignature as error:
        raise LookupLinkError(str(error)) from error
