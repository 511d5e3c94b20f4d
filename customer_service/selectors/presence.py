"""Whether a customer is still on the site: the widget polls their conversation every few
seconds while a page is open, and each poll or message notes the time in the cache. A staff
reply is e-mailed too only when the customer has not been seen for ``AWAY_AFTER``."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.cache import cache
from django.utils import timezone

AWAY_AFTER = timedelta(minutes=3)
# How long a mark is kept: far longer than AWAY_AFTER, so "not seen" means gone, not expired.
SEEN_TIMEOUT = int(timedelta(days=1).total_seconds())


def seen_key(conversation_id: int) -> str:
    return f"chat-seen:{conversation_id}"


def now() -> datetime:
    return timezone.now()


def conversation_customer_present(*, conversation_id: int) -> bool:
    """True if the conversation's customer polled or wrote within ``AWAY_AFTER``."""
    seen = cache.get(seen_key(conversation_id))
    return isinstance(seen, float) and now().timestamp() - seen < AWAY_AFTER.total_seconds()
