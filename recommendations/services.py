"""Writes of the recommendations app."""

from __future__ import annotations

import logging
import secrets

from django.db import DatabaseError, transaction
from django.http import HttpRequest

from shop.accounts.models import User

from .models import Interaction

logger = logging.getLogger(__name__)


VISITOR_SESSION_KEY = "visitor"


def visitor_key(request: HttpRequest, *, create: bool = True) -> str:
    """A visitor's anonymous id, kept in the session data.

    Not Django's session key: login() replaces that, while the session's data (and so this id)
    survives, which is what lets the history join the account on sign-in.
    """
    key = request.session.get(VISITOR_SESSION_KEY, "")
    if not key and create:
        key = secrets.token_hex(16)
        request.session[VISITOR_SESSION_KEY] = key
    return str(key)


def interaction_record(
    *,
    kind: str,
    product_id: int,
    user: User | None = None,
    session_key: str = "",
    weight: float = 1.0,
) -> None:
    """Record one signal. Cheap, and never breaks the page that records it: a failure is
    logged (without personal data) and ignored."""
    if user is None and not session_key:
        return
    try:
        # A savepoint, so a failed insert cannot poison a surrounding transaction.
        with transaction.atomic():
            Interaction.objects.create(
                kind=kind,
                product_id=product_id,
                user=user,
                session_key="" if user is not None else session_key,
                weight=weight,
            )
    except DatabaseError:
        logger.warning("could not record a %s interaction for product %s", kind, product_id)


def interaction_claim_session(*, session_key: str, user: User) -> int:
    """Give a visitor's anonymous history to the account they just signed in to."""
    if not session_key:
        return 0
    return Interaction.objects.filter(user=None, session_key=session_key).update(
        user=user, session_key=""
    )
