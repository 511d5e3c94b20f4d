"""Services shared by the apps whose results a worker refreshes in runs (``core.models.Run``):
queueing a refresh, failing a run, clearing runs a dead worker left behind, pruning history."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from datetime import timedelta
from typing import Any, Protocol

from django.utils import timezone
from kombu.exceptions import OperationalError

from .models import Run

logger = logging.getLogger(__name__)

Progress = Callable[[str], None]

# A run still "running" after this long lost its worker (killed, redeployed): no refresh
# takes nearly as long.
STALE_AFTER_HOURS = 6
ERROR_MAX_LENGTH = 4000


class TaskQueueUnavailable(Exception):
    """The broker could not be reached, so nothing was queued; the message is for staff."""


class _Task(Protocol):
    def delay(self, *args: Any, **kwargs: Any) -> Any: ...


def quiet(message: str) -> None:
    """The progress reporter when nobody watches (Celery, the admin): the worker log."""
    logger.info(message)


def task_enqueue(*, task: _Task, unavailable: type[TaskQueueUnavailable], message: str) -> None:
    """Send ``task`` to the workers; raise ``unavailable(message)`` if the queue is down."""
    try:
        # Callers have written nothing to wait for, so it is sent now (not on commit), which
        # lets a broken queue be reported to whoever asked instead of failing silently after
        # the response.
        task.delay()
    except (OperationalError, ConnectionError, OSError) as error:
        raise unavailable(message) from error


def run_fail(*, run: Run, error: str) -> None:
    """Record the failure; the results of the previous run stay in place. Only a running run
    is failed, so a late error never overwrites a run that already finished."""
    type(run)._default_manager.filter(pk=run.pk, status=Run.Status.RUNNING).update(
        status=Run.Status.FAILED, finished_at=timezone.now(), error=error[:ERROR_MAX_LENGTH]
    )


def runs_abandon_stale(*, model: type[Run], stale_after_hours: int = STALE_AFTER_HOURS) -> int:
    """Fail the runs left running by a worker that died long ago, so the history does not
    show them running forever. Returns how many there were."""
    now = timezone.now()
    return model._default_manager.filter(
        status=Run.Status.RUNNING, started_at__lt=now - timedelta(hours=stale_after_hours)
    ).update(status=Run.Status.FAILED, finished_at=now, error="abandoned: no progress for hours")


def runs_prune(*, model: type[Run], keep: int, protected: Collection[int] = ()) -> int:
    """Delete the finished runs beyond the newest ``keep``, except the ``protected`` ones
    (those whose results are still served). Returns how many were deleted."""
    finished = model._default_manager.exclude(status=Run.Status.RUNNING).order_by(
        "-started_at", "-id"
    )
    old = [pk for pk in finished.values_list("pk", flat=True)[keep:] if pk not in protected]
    if old:
        model._default_manager.filter(pk__in=old).delete()
    return len(old)
