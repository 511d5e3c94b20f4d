"""Writes of search: the analytics counters and the synonym list."""

from __future__ import annotations

import threading
import time
from collections import Counter, defaultdict
from datetime import date

from django.db import connection
from django.utils import timezone

from .engine import tokenise
from .models import SearchQueryDay, Synonym
from .vocabulary import vocabulary_version_bump

MAX_LOGGED_LENGTH = 200


def analytics_key(query: str) -> str:
    """How a query is counted: its words, lower-cased ("Red  Shoes!" is "red shoes")."""
    return " ".join(tokenise(query))[:MAX_LOGGED_LENGTH]


COUNTERS = ("searches", "zero_results", "clicks")


def _write(batch: dict[tuple[date, str], Counter[str]]) -> None:
    """All the waiting counts in one statement: a row per query-day, added to the day's row
    when it is there already (an upsert, so concurrent first writes of a day count too)."""
    if not batch:
        return
    table = connection.ops.quote_name(SearchQueryDay._meta.db_table)
    columns = ", ".join(COUNTERS)
    added = ", ".join(f"{name} = {table}.{name} + excluded.{name}" for name in COUNTERS)
    rows = ", ".join(["(%s, %s, %s, %s, %s)"] * len(batch))
    params: list[date | str | int] = []
    for (day, key), counters in sorted(batch.items()):
        params.extend([day, key, *(counters.get(name, 0) for name in COUNTERS)])
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (day, query, {columns}) VALUES {rows} "
            f"ON CONFLICT (day, query) DO UPDATE SET {added}",
            params,
        )


# Counts wait in the process and are written in batches, so a search (even one served from
# the page cache) costs no database write: at most FLUSH_EVERY events or FLUSH_SECONDS late.
FLUSH_EVERY = 50
FLUSH_SECONDS = 60.0
_pending: dict[tuple[date, str], Counter[str]] = defaultdict(Counter)
_pending_events = 0
_pending_since = time.monotonic()
_lock = threading.Lock()


def search_analytics_flush() -> int:
    """Write the waiting counts; returns how many query-days were written."""
    global _pending_events, _pending_since
    with _lock:
        batch = dict(_pending)
        _pending.clear()
        _pending_events = 0
        _pending_since = time.monotonic()
    _write(batch)
    return len(batch)


def _count(query: str, **counters: int) -> None:
    global _pending_events
    key = analytics_key(query)
    if not key:
        return
    with _lock:
        _pending[(timezone.localdate(), key)].update(counters)
        _pending_events += 1
        due = _pending_events >= FLUSH_EVERY or time.monotonic() - _pending_since >= FLUSH_SECONDS
    if due:
        search_analytics_flush()


def search_record(*, query: str, found: bool) -> None:
    """Count a search of ``query`` today (and whether it found nothing)."""
    _count(query, searches=1, zero_results=0 if found else 1)


def search_click_record(*, query: str) -> None:
    """Count a click on one of ``query``'s results today."""
    _count(query, clicks=1)


def synonym_save(*, synonym: Synonym) -> Synonym:
    synonym.full_clean()
    synonym.save()
    vocabulary_version_bump()
    return synonym


def synonym_delete(*, synonym: Synonym) -> None:
    synonym.delete()
    vocabulary_version_bump()
