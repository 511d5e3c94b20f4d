"""Idempotency of checkout: what identifies a request, and the order a key already placed.

A customer's keys are theirs alone (the order's ``user`` and key are unique together); a guest's
are bound to their session's secret before they are stored (``guests.guest_order_key``). The
gateway sees a key derived from either, so two shoppers' keys never meet there.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from shop.accounts.models import User

from ..errors import IdempotencyKeyReusedError
from ..guests import Guest, guest_order_key
from ..hooks import ShippingAddress
from ..models import Order


def checkout_fingerprint(
    *, address: ShippingAddress, shipping_method_code: str, payment_fingerprint: str
) -> str:
    """What identifies a checkout request, so a reused ``Idempotency-Key`` can be told from a
    retry: the address, the delivery method and the card (by the gateway's fingerprint, as a
    retry tokenises the card afresh)."""
    canonical = {
        **{name: str(value).strip() for name, value in asdict(address).items()},
        "country": address.country.strip().upper(),
        "shipping_method": shipping_method_code,
        "card": payment_fingerprint,
    }
    return hashlib.sha256(json.dumps(canonical, sort_keys=True).encode()).hexdigest()


def gateway_key(user: User | None, stored_key: str) -> str:
    scope = user.pk if user is not None else "guest"
    return hashlib.sha256(f"checkout:{scope}:{stored_key}".encode()).hexdigest()[:48]


def orders_of(user: User | None) -> QuerySet[Order]:
    """The orders a key is looked up among: the customer's, or the guests' (whose stored keys
    are bound to their secret)."""
    if user is not None:
        return Order.objects.filter(user=user)
    return Order.objects.filter(user=None, is_guest=True)


def storage_key(guest: Guest | None, key: str) -> str:
    return key if guest is None else guest_order_key(guest.secret, key)


def order_for_idempotency_key(
    *, user: User | None, key: str, fingerprint: str, guest: Guest | None = None
) -> Order | None:
    """The order ``key`` already placed for this customer (or guest); refused if it was
    another request."""
    existing = orders_of(user).filter(idempotency_key=storage_key(guest, key)).first()
    if existing is not None and existing.request_fingerprint not in ("", fingerprint):
        raise IdempotencyKeyReusedError(
            _(
                "This Idempotency-Key already placed order %(number)s from a different request. "
                "Use a new key for a new order."
            )
            % {"number": existing.number}
        )
    return existing
