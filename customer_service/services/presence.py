"""Noting that a customer is on the site (see ``selectors.presence``)."""

from __future__ import annotations

from django.core.cache import cache

from ..selectors import presence


def conversation_seen(*, conversation_id: int) -> None:
    """The customer polled or wrote in this conversation just now."""
    cache.set(
        presence.seen_key(conversation_id),
        presence.now().timestamp(),
        timeout=presence.SEEN_TIMEOUT,
    )
