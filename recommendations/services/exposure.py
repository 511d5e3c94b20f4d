"""What the rows showed and what was clicked there, for the dashboard's per-position CTR,
coverage, concentration and novelty.

A page shows several rows of eight, so shown events are many: with Redis, each row shown is one
entry appended to a list and written in batches (by the request that fills a batch, and by the
periodic ``flush_views`` task); without Redis they wait the same way in the local-memory cache
(and the staff dashboard writes what waits before it reads). Clicks are rare and are
written directly. Who saw a row is recorded only as the customer, or a visitor who allowed
analytics (shop/core/consent.py); otherwise the event carries no identifier.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.utils import timezone
from redis.exceptions import RedisError

from shop.catalogue.models import Product

from ..models import PlacementStat, RowEvent
from ..selectors.rows import RecommendationRow
from .interactions import (
    IMPRESSION_FLUSH_EVERY,
    IMPRESSION_TTL,
    _add_stat,
    _view_buffer,
    buffer_batches,
    impression_key,
    placement_impression,
)

logger = logging.getLogger(__name__)

SHOWN_BUFFER_KEY = "recs:shown-buffer"
SHOWN_BUFFER_BATCH = 25  # rows, each of up to eight products
# With Redis a page that fills a batch queues the write (``flush_views``, also run every minute
# by beat) instead of writing it itself: a write of 25 rows' 200 events cost the page that made
# it about 2 ms of every cached page's 5. Only when this many rows wait (no worker takes them)
# does a page write a batch itself, so the buffer stays bounded.
SHOWN_BUFFER_LIMIT = 2_000
MAX_POSITION = 48


def row_shown(*, row: RecommendationRow, user_id: int | None, visitor_key: str = "") -> None:
    """A row on a page: counted for its placement and day, and each product with its position."""
    if not row.products:
        return
    placement_impression(placement=row.placement)
    row_shown_record(
        placement=row.placement,
        product_ids=[product.pk for product in row.products],
        user_id=user_id,
        visitor_key=visitor_key,
    )


def rows_shown(
    *, rows: Sequence[tuple[str, Sequence[int]]], user_id: int | None, visitor_key: str = ""
) -> None:
    """The rows a page showed, as (placement, product ids in order): what ``row_shown`` does
    for each, with Redis in one round trip (the impression counters and the shown events
    together). A cached page records its rows this way from what it kept of them."""
    shown = [
        (placement, list(ids))
        for placement, ids in rows
        if ids and placement in PlacementStat.Placement.values
    ]
    redis = _view_buffer()
    if redis is None or not shown:
        for placement, ids in shown:
            placement_impression(placement=placement)
            row_shown_record(
                placement=placement, product_ids=ids, user_id=user_id, visitor_key=visitor_key
            )
        return
    today = timezone.localdate()
    counters = [cache.make_key(impression_key(placement, today)) for placement, _ids in shown]
    stamp = time.time()
    entries = [_Shown(p, ids, user_id, visitor_key, stamp).dumps() for p, ids in shown]
    try:
        pipe = redis.pipeline(transaction=False)
        for counter in counters:
            pipe.incr(counter)
        pipe.rpush(cache.make_key(SHOWN_BUFFER_KEY), *entries)
        *counts, length = pipe.execute()
        for counter, count in zip(counters, counts, strict=True):
            if int(count) == 1:  # the day's first: the counter lives as placement_impression's
                redis.expire(counter, IMPRESSION_TTL)
    except RedisError:
        logger.warning("row events buffer unavailable; a page's row events are lost")
        return
    for (placement, _ids), count in zip(shown, counts, strict=True):
        if int(count) % IMPRESSION_FLUSH_EVERY == 0:
            _add_stat(day=today, placement=placement, impressions=IMPRESSION_FLUSH_EVERY)
    _batch_filled(int(length), len(entries))


# What queues the buffer's write for a worker: the app registers its task at start-up
# (``apps.ready``), since services never import the tasks that import them.
_write_queue: Callable[[], object] | None = None


def row_events_queue_register(queue: Callable[[], object]) -> None:
    global _write_queue
    _write_queue = queue


def _batch_filled(length: int, added: int) -> None:
    """After ``added`` rows brought the Redis buffer to ``length``: queue its write when they
    filled a batch, or write a batch here when the buffer is past its limit."""
    if length >= SHOWN_BUFFER_LIMIT:
        row_shown_flush(max_batches=1)
    elif length // SHOWN_BUFFER_BATCH != (length - added) // SHOWN_BUFFER_BATCH:
        if _write_queue is None:  # nothing registered (a script without the app's ready())
            row_shown_flush(max_batches=1)
            return
        try:
            _write_queue()
        except Exception:  # the queue is down: beat's run (or the limit above) writes them
            logger.warning("could not queue the row events' write; written later")


def row_shown_record(
    *, placement: str, product_ids: Sequence[int], user_id: int | None, visitor_key: str = ""
) -> None:
    """Note that a row showed ``product_ids`` (in order) to this shopper. Never breaks the
    page: a failure is logged and the events are lost."""
    if not product_ids or placement not in PlacementStat.Placement.values:
        return
    entry = _Shown(placement, list(product_ids), user_id, visitor_key, time.time())
    redis = _view_buffer()
    if redis is None:
        _local_push(entry)
        return
    key = cache.make_key(SHOWN_BUFFER_KEY)
    try:
        length = int(redis.rpush(key, entry.dumps()))
    except RedisError:
        logger.warning("row events buffer unavailable; a row's events are lost")
        return
    _batch_filled(length, 1)


def row_shown_flush(*, max_batches: int | None = None) -> int:
    """Write buffered shown events; returns how many product events were written."""
    redis = _view_buffer()
    if redis is None:
        return _local_flush()
    key = cache.make_key(SHOWN_BUFFER_KEY)
    if max_batches is None:  # what waits now, so it ends while pages keep adding rows
        try:
            max_batches = -(-int(redis.llen(key)) // SHOWN_BUFFER_BATCH)
        except RedisError:
            logger.warning("row events buffer unavailable; written later")
            return 0
    written = 0
    for raw in buffer_batches(redis, key, SHOWN_BUFFER_BATCH, max_batches, "row events buffer"):
        written += _write_shown([_Shown.parse(item) for item in raw])
    return written


@dataclass(frozen=True)
class _Shown:
    placement: str
    product_ids: list[int]
    user_id: int | None
    visitor_key: str
    stamp: float

    def dumps(self) -> str:
        return json.dumps([*vars(self).values()])

    @classmethod
    def parse(cls, raw: bytes | str) -> _Shown:
        placement, product_ids, user_id, visitor_key, stamp = json.loads(raw)
        return cls(str(placement), [int(p) for p in product_ids], user_id, str(visitor_key), stamp)


# Without Redis (the embedded default: one process) the buffer is a list in the local-memory
# cache, under a lock for the server's threads, so a cached page still makes no query.
_local_lock = threading.Lock()


def _local_push(entry: _Shown) -> None:
    with _local_lock:
        pending = [*(cache.get(SHOWN_BUFFER_KEY) or []), entry.dumps()]
        full = len(pending) >= SHOWN_BUFFER_BATCH
        if full:
            cache.delete(SHOWN_BUFFER_KEY)
        else:
            cache.set(SHOWN_BUFFER_KEY, pending, None)
    if full:
        _write_shown([_Shown.parse(item) for item in pending])


def _local_flush() -> int:
    with _local_lock:
        pending = cache.get(SHOWN_BUFFER_KEY) or []
        cache.delete(SHOWN_BUFFER_KEY)
    return _write_shown([_Shown.parse(item) for item in pending]) if pending else 0


def _write_shown(entries: list[_Shown]) -> int:
    # A product may have been deleted since it was shown.
    wanted = {pid for entry in entries for pid in entry.product_ids}
    live = set(Product.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    events = [
        RowEvent(
            kind=RowEvent.Kind.SHOWN,
            placement=entry.placement,
            position=position,
            product_id=product_id,
            user_id=entry.user_id,
            visitor_key=entry.visitor_key,
            created_at=datetime.fromtimestamp(entry.stamp, tz=UTC),
        )
        for entry in entries
        for position, product_id in enumerate(entry.product_ids, start=1)
        if product_id in live
    ]
    try:
        with transaction.atomic():
            RowEvent.objects.bulk_create(events)
    except DatabaseError:
        logger.warning("could not write %s row events", len(events))
        return 0
    return len(events)


def row_click_record(
    *,
    placement: str,
    position: str,
    product_id: int,
    user_id: int | None,
    visitor_key: str = "",
) -> None:
    """A click on a suggested product, with its position when the link carried a sane one."""
    if placement not in PlacementStat.Placement.values:
        return
    if not position.isdigit() or not 1 <= int(position) <= MAX_POSITION:
        return
    try:
        with transaction.atomic():
            RowEvent.objects.create(
                kind=RowEvent.Kind.CLICKED,
                placement=placement,
                position=int(position),
                product_id=product_id,
                user_id=user_id,
                visitor_key=visitor_key,
            )
    except DatabaseError:
        logger.warning("could not record a click on %s", placement)
