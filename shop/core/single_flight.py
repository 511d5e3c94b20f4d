"""A cached value computed by one worker at a time; the others serve the last one meanwhile.

When a cached value's key changes (a new recommendation build) or its entry expires, every
worker asking at that moment misses together and would compute the same value at once: a cache
stampede, N workers computing one recommendation row N times just when the shop is busiest.
Here the first to miss takes a short lock (``cache.add``, atomic in Redis and in the
local-memory cache) and computes; the others, while it holds the lock, get the value last
computed under the same ``stale_key`` (the row as the last build made it). Only when there is
none (a cold cache) do they compute too, without storing it; nobody waits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

T = TypeVar("T")

# Longer than any computation it guards; a worker that dies holding the lock blocks nobody for
# longer than this (the others serve the stale value or compute themselves).
LOCK_TIMEOUT = 30


def _present(value: object) -> bool:
    return value is not None


def cached_once(
    *,
    key: str,
    stale_key: str,
    compute: Callable[[], T],
    timeout: int,
    stale_timeout: int,
    valid: Callable[[object], bool] = _present,
) -> T:
    """The value under ``key``, else computed by ``compute`` once across workers and stored
    under ``key`` (for ``timeout`` seconds) and ``stale_key`` (for ``stale_timeout``): the
    name of the same value whatever its version, served while another worker computes the
    new one. ``valid`` tells a cached value from a miss (by default: anything but None)."""
    value = cache.get(key)
    if valid(value):
        return value
    lock = f"lock:{key}"
    if not cache.add(lock, 1, LOCK_TIMEOUT):
        stale = cache.get(stale_key)
        if valid(stale):
            return stale
        return compute()
    try:
        computed = compute()
        cache.set(key, computed, timeout)
        cache.set(stale_key, computed, stale_timeout)
    finally:
        cache.delete(lock)
    return computed
