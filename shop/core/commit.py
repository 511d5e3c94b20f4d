"""Cache writes that must hold for readers inside the transaction and after it."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction


def now_and_after_commit(write: Callable[[], object]) -> None:
    """Run ``write`` now, for reads later in this transaction, and again after the commit, for
    readers that cached what the database held before it (a version replaced, a key forgotten).
    Outside a transaction, once."""
    write()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(write)
