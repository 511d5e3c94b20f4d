"""Writes of the recommendations app."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime

from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone
from django_redis import get_redis_connection
from redis import Redis
from redis.exceptions import RedisError

from shop.catalogue.models import Product

from ..models import Interaction, PlacementStat
from ..selectors.rows import user_state_key

logger = logging.getLogger(__name__)


def interaction_record(
    *,
    kind: str,
    product_id: int,
    user_id: int | None = None,
    session_key: str = "",
    weight: float = 1.0,
) -> None:
    """Record one signal from a customer (``user_id``) or a visitor (``session_key``). Cheap,
    and never breaks the page that records it: a failure is logged (without personal data)
    and ignored."""
    if user_id is None and not session_key:
        return
    if (
        user_id is None
        and kind == Interaction.Kind.VIEW
        and _buffer_view(product_id, session_key, weight)
    ):
        return
    try:
        # A savepoint, so a failed insert cannot poison a surrounding transaction.
        with transaction.atomic():
            Interaction.objects.create(
                kind=kind,
                product_id=product_id,
                user_id=user_id,
                session_key="" if user_id is not None else session_key,
                weight=weight,
            )
    except DatabaseError:
        logger.warning("could not record a %s interaction for product %s", kind, product_id)
        return
    if user_id is not None and kind != Interaction.Kind.VIEW:
        # A cart addition, purchase or rating changes "recommended for you" at once.
        _bump(user_state_key(user_id))


# Anonymous product views are most of a shop's traffic and the weakest signal, so they are not
# inserted one by one: with Redis they are appended to a list there and written in batches, by
# the request that fills a batch and by a periodic task for the rest. Signed-in customers' views
# are written at once, so their history, export and deletion stay exact.
VIEW_BUFFER_KEY = "recs:view-buffer"
VIEW_BUFFER_BATCH = 50


def _view_buffer() -> Redis | None:
    try:
        return get_redis_connection("default")
    except NotImplementedError:  # not the Redis cache: the embedded default writes directly
        return None


def _buffer_view(product_id: int, session_key: str, weight: float) -> bool:
    """Append an anonymous view to the buffer; False when there is no buffer to append to."""
    redis = _view_buffer()
    if redis is None:
        return False
    entry = json.dumps([product_id, session_key, weight, time.time()])
    try:
        length = int(redis.rpush(cache.make_key(VIEW_BUFFER_KEY), entry))
    except RedisError:
        return False  # Redis is down: the caller writes this view directly
    if length % VIEW_BUFFER_BATCH == 0:
        # This view filled a batch: write one batch, not whatever arrives meanwhile.
        interaction_buffer_flush(max_batches=1)
    return True


def interaction_buffer_flush(*, max_batches: int | None = None) -> int:
    """Write the buffered anonymous views to the database; returns how many were written.

    Safe to run at any time and from several processes at once: each batch is taken off the
    list atomically, and a batch the database refuses goes back on the list for the next run.
    Without ``max_batches`` it writes what is buffered when it starts, not what arrives later,
    so it ends even while visitors keep browsing."""
    redis = _view_buffer()
    if redis is None:
        return 0
    key = cache.make_key(VIEW_BUFFER_KEY)
    if max_batches is None:
        try:
            max_batches = -(-int(redis.llen(key)) // VIEW_BUFFER_BATCH)
        except RedisError:
            logger.warning("view buffer unavailable; buffered views are written later")
            return 0
    written = 0
    for raw in buffer_batches(redis, key, VIEW_BUFFER_BATCH, max_batches, "view buffer"):
        entries = [json.loads(item) for item in raw]
        # A product may have been deleted since it was viewed.
        live = set(
            Product.objects.filter(pk__in={entry[0] for entry in entries}).values_list(
                "pk", flat=True
            )
        )
        rows = [
            Interaction(
                kind=Interaction.Kind.VIEW,
                product_id=product_id,
                session_key=session_key,
                weight=weight,
                created_at=datetime.fromtimestamp(stamp, tz=UTC),
            )
            for product_id, session_key, weight, stamp in entries
            if product_id in live
        ]
        try:
            Interaction.objects.bulk_create(rows)
        except DatabaseError:
            logger.warning("could not write %s buffered views; kept for the next flush", len(raw))
            try:
                redis.rpush(key, *raw)
            except RedisError:
                logger.warning("lost %s buffered views: neither Redis nor the database", len(raw))
            return written
        written += len(rows)
    return written


def buffer_batches(
    redis: Redis, key: str, size: int, max_batches: int | None, label: str
) -> Iterator[list[bytes]]:
    """Batches taken off a Redis list atomically, until it is empty or ``max_batches`` were
    taken; a Redis failure ends them (what is left is taken on a later run)."""
    taken = 0
    while max_batches is None or taken < max_batches:
        taken += 1
        try:
            raw: list[bytes] | None = redis.lpop(key, size)  # type: ignore[assignment]
        except RedisError:
            logger.warning("%s unavailable; what it holds is written later", label)
            return
        if not raw:
            return
        yield raw


def _bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # not there yet (locmem raises; django-redis creates it)
        cache.set(key, 1, None)
    except Exception:  # the cache is down: recommendations refresh when it is back
        logger.warning("cache unavailable; %s not bumped", key)


IMPRESSION_FLUSH_EVERY = 20
IMPRESSION_TTL = 2 * 86_400


def impression_key(placement: str, day: date) -> str:
    """The cache counter of a placement's impressions on ``day``."""
    return f"recs:impressions:{placement}:{day.isoformat()}"


def placement_impression(*, placement: str) -> None:
    """Count a row shown. Counted in the cache and written to the database every
    IMPRESSION_FLUSH_EVERY impressions, so a busy page does not update one hot row per view."""
    if placement not in PlacementStat.Placement.values:
        return
    today = timezone.localdate()
    key = impression_key(placement, today)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, IMPRESSION_TTL)
        count = 1
    except Exception:
        return
    if count is None:  # django-redis answers None when Redis is down (IGNORE_EXCEPTIONS)
        return
    if count % IMPRESSION_FLUSH_EVERY == 0:
        _add_stat(day=today, placement=placement, impressions=IMPRESSION_FLUSH_EVERY)


def placement_impressions_flush() -> int:
    """Write today's impressions still counted only in the cache (fewer than
    IMPRESSION_FLUSH_EVERY since the last write), for when the counting stops (the demo's
    browsing, a shutdown). The counter moves on to the next multiple, so later writes of
    IMPRESSION_FLUSH_EVERY stay exact. Returns how many were written."""
    today = timezone.localdate()
    written = 0
    for placement in PlacementStat.Placement.values:
        key = impression_key(placement, today)
        count = cache.get(key)
        if not isinstance(count, int) or count % IMPRESSION_FLUSH_EVERY == 0:
            continue
        pending = count % IMPRESSION_FLUSH_EVERY
        try:
            cache.incr(key, IMPRESSION_FLUSH_EVERY - pending)
        except ValueError:  # expired meanwhile: its count is gone either way
            continue
        _add_stat(day=today, placement=placement, impressions=pending)
        written += pending
    return written


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


def interaction_claim_session(*, session_key: str, user_id: int) -> int:
    """Give a visitor's anonymous history to the account they just signed in to."""
    if not session_key:
        return 0
    # The visitor's latest views may still be in the buffer.
    interaction_buffer_flush()
    claimed = Interaction.objects.filter(user=None, session_key=session_key).update(
        user_id=user_id, session_key=""
    )
    if claimed:
        _bump(user_state_key(user_id))
    return claimed
