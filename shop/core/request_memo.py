"""Values read once per request: a cached value that several parts of one page ask for (the
category tree: the navigation, the breadcrumbs, the listing) is unpickled once, not each time.

The memo lives only between Django's ``request_started`` and ``request_finished`` signals, per
thread; outside a request (a task, a command, a test calling a selector) nothing is kept.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.signals import request_finished, request_started
from django.dispatch import receiver

T = TypeVar("T")

_local = threading.local()


def request_memo(key: str, compute: Callable[[], T]) -> T:
    """``compute()`` once per request for ``key``; every call when no request is running."""
    memo: dict[str, Any] | None = getattr(_local, "memo", None)
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    value: T = memo[key]
    return value


def request_memo_forget(key: str) -> None:
    """Drop ``key`` (the value changed during this request)."""
    memo: dict[str, Any] | None = getattr(_local, "memo", None)
    if memo is not None:
        memo.pop(key, None)


@receiver(request_started, dispatch_uid="core.request_memo_start")
def _start(**kwargs: Any) -> None:
    _local.memo = {}


@receiver(request_finished, dispatch_uid="core.request_memo_end")
def _end(**kwargs: Any) -> None:
    _local.memo = None
