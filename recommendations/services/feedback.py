"""What the shopper tells the rows: "Not interested" (their session), and this visit's views
(the cache)."""

from __future__ import annotations

import logging
from collections.abc import MutableMapping

from django.core.cache import cache

from ..models import Interaction
from ..selectors.feedback import (
    HIDDEN_LIMIT,
    HIDDEN_SESSION_KEY,
    RECENT_LIMIT,
    RECENT_TTL,
    close_substitutes,
    hidden_products,
    recent_views_key,
    recently_viewed,
)
from .interactions import interaction_buffer_flush, interaction_record

logger = logging.getLogger(__name__)


def recommendation_dismiss(
    *,
    session: MutableMapping[str, object],
    product_id: int,
    user_id: int | None,
    visitor_key: str = "",
) -> list[int]:
    """Hide the product and its close substitutes from this shopper's rows at once (their
    session), and record the signal for the next build (a customer's, or a visitor's who
    allowed it: ``visitor_key`` empty otherwise). Returns what is now hidden, newest last."""
    stored = session.get(HIDDEN_SESSION_KEY)
    hidden = [pid for pid in stored if isinstance(pid, int)] if isinstance(stored, list) else []
    already = hidden_products(session=session)
    for pid in [product_id, *close_substitutes(product_id=product_id)]:
        if pid not in already:
            hidden.append(pid)
            already |= {pid}
    hidden = hidden[-HIDDEN_LIMIT:]  # the oldest are forgotten first
    session[HIDDEN_SESSION_KEY] = hidden
    interaction_record(
        kind=Interaction.Kind.DISMISS,
        product_id=product_id,
        user_id=user_id,
        session_key=visitor_key,
    )
    return hidden


def recently_viewed_add(*, shopper: str, product_id: int) -> None:
    """Note a product view of this visit (newest last, each product once); written only when
    the list changes, so reloading a page writes nothing. A cache failure loses the note."""
    if not shopper:
        return
    recent = recently_viewed(shopper=shopper)
    if recent and recent[-1] == product_id:
        return
    kept = [*(pid for pid in recent if pid != product_id), product_id][-RECENT_LIMIT:]
    try:
        cache.set(recent_views_key(shopper), kept, RECENT_TTL)
    except Exception:  # the cache is down: the home row simply does not follow the visit
        logger.warning("cache unavailable; a recent view was not noted")


def recent_views_forget(*, visitor_key: str) -> int:
    """Forget what this visitor viewed (they chose necessary cookies only): their visit's
    list in the cache and the anonymous view signals kept under their visitor id. Returns
    how many stored signals were deleted."""
    if not visitor_key:
        return 0
    try:
        cache.delete(recent_views_key(f"v{visitor_key}"))
    except Exception:  # the cache is down: its notes expire with RECENT_TTL
        logger.warning("cache unavailable; recent views expire on their own")
    interaction_buffer_flush()  # the views still waiting in the buffer are stored, then deleted
    deleted, _by_model = Interaction.objects.filter(
        user=None, session_key=visitor_key, kind=Interaction.Kind.VIEW
    ).delete()
    return deleted
