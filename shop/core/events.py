"""Domain events: an app announces what happened; the apps above it react.

This is how the layers stay one-way. Orders does not call recommendations or forecasting when
an order is placed: it publishes ``OrderPlaced`` and those apps, which build on orders,
subscribe to it in their ``AppConfig.ready()``. The event types live in the publishing app's
``events.py`` (plain frozen dataclasses of ids and values, never model instances, so a handler
reads fresh rows); this module is only the registry.

Handlers run once the publishing transaction commits (at once when there is none), so nobody
reacts to a change that was rolled back. A handler that fails is logged and skipped: the
change it reacts to has already happened, and the other handlers still run.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import transaction

logger = logging.getLogger(__name__)

E = TypeVar("E")
Handler = Callable[[Any], None]

_handlers: dict[type, dict[str, Handler]] = defaultdict(dict)


def subscribe(event_type: type[E], handler: Callable[[E], None], *, uid: str) -> None:
    """Call ``handler(event)`` for every ``event_type`` published from now on. ``uid`` names
    the subscription, so subscribing twice (``ready()`` can run more than once) is harmless."""
    _handlers[event_type][uid] = handler


def unsubscribe(event_type: type, *, uid: str) -> None:
    _handlers[event_type].pop(uid, None)


def subscribers(event_type: type) -> list[str]:
    """The uids subscribed to ``event_type``, in subscription order (for tests and admin)."""
    return list(_handlers[event_type])


def publish(event: object) -> None:
    """Deliver ``event`` to its subscribers after the current transaction commits."""
    if not _handlers[type(event)]:
        return
    transaction.on_commit(lambda: deliver(event))


def deliver(event: object) -> None:
    """Run every subscriber of ``event`` now, each isolated from the others' failures."""
    for uid, handler in list(_handlers[type(event)].items()):
        try:
            handler(event)
        except Exception:
            # The event's own data can hold personal details, so only its type is logged.
            logger.exception("handler %s failed on %s", uid, type(event).__name__)
