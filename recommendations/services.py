"""Writes of the recommendations app."""

from __future__ import annotations

import logging
import secrets
from datetime import date

from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from shop.accounts.models import User

from .models import Interaction, PlacementStat
from .selectors import user_state_key

logger = logging.getLogger(__name__)


VISITOR_COOKIE = "visitor"
VISITOR_SALT = "shop.visitor"


def visitor_key(request: HttpRequest, *, create: bool = True) -> str:
    """A visitor's anonymous id, kept in a signed cookie.

    Not the session: a cookie costs no database write, so a visitor who only browses (or a
    crawler) does not create a session row per page; and login() replaces the session key but
    leaves this cookie alone, which lets the history join the account on sign-in. A new id is
    sent back by ``VisitorCookieMiddleware``.
    """
    key = getattr(request, "visitor_key", "")
    if key:
        return str(key)
    key = request.get_signed_cookie(VISITOR_COOKIE, default="", salt=VISITOR_SALT)
    if not key and create:
        key = secrets.token_hex(16)
        request.new_visitor_key = key  # type: ignore[attr-defined]
    if key:
        request.visitor_key = key  # type: ignore[attr-defined]
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
        return
    if user is not None and kind != Interaction.Kind.VIEW:
        # A cart addition, purchase or rating changes "recommended for you" at once.
        _bump(user_state_key(user.pk))


def _bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # not there yet (locmem raises; django-redis creates it)
        cache.set(key, 1, None)
    except Exception:  # the cache is down: recommendations refresh when it is back
        logger.warning("cache unavailable; %s not bumped", key)


IMPRESSION_FLUSH_EVERY = 20


def placement_impression(*, placement: str) -> None:
    """Count a row shown. Counted in the cache and written to the database every
    IMPRESSION_FLUSH_EVERY impressions, so a busy page does not update one hot row per view."""
    if placement not in PlacementStat.Placement.values:
        return
    today = timezone.localdate()
    key = f"recs:impressions:{placement}:{today.isoformat()}"
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, 2 * 86_400)
        count = 1
    except Exception:
        return
    if count is None:  # django-redis answers None when Redis is down (IGNORE_EXCEPTIONS)
        return
    if count % IMPRESSION_FLUSH_EVERY == 0:
        _add_stat(day=today, placement=placement, impressions=IMPRESSION_FLUSH_EVERY)


def placement_click(*, placement: str) -> None:
    """Count a click on a suggested product (clicks are rare enough to write directly)."""
    if placement in PlacementStat.Placement.values:
        _add_stat(day=timezone.localdate(), placement=placement, clicks=1)


def _add_stat(*, day: date, placement: str, impressions: int = 0, clicks: int = 0) -> None:
    try:
        with transaction.atomic():
            stat, _created = PlacementStat.objects.get_or_create(day=day, placement=placement)
            PlacementStat.objects.filter(pk=stat.pk).update(
                impressions=F("impressions") + impressions, clicks=F("clicks") + clicks
            )
    except DatabaseError:
        logger.warning("could not record placement statistics for %s", placement)


def interaction_claim_session(*, session_key: str, user: User) -> int:
    """Give a visitor's anonymous history to the account they just signed in to."""
    if not session_key:
        return 0
    return Interaction.objects.filter(user=None, session_key=session_key).update(
        user=user, session_key=""
    )
