"""Services shared by the apps whose results a worker refreshes in runs (``core.models.Run``):
starting a run, marking it succeeded or failed, clearing runs a dead worker left behind,
pruning the history. How a kind of run is queued is ``shop.core.runs``."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Sequence
from datetime import timedelta
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from .models import Run

logger = logging.getLogger(__name__)

Progress = Callable[[str], None]
R = TypeVar("R", bound=Run)

# A run still "running" after this long lost its worker (killed, redeployed): no refresh
# takes nearly as long.
STALE_AFTER_HOURS = 6
ERROR_MAX_LENGTH = 4000
VERSION_ATTEMPTS = 5


class RunError(Exception):
    """A run could not go on; recorded on the run and in the worker log, not for customers."""


def quiet(message: str) -> None:
    """The progress reporter when nobody watches (Celery, the admin): the worker log."""
    logger.info(message)


def run_start(*, model: type[R], **fields: Any) -> R:
    """A new running run; runs left running by a worker that died long ago are failed first."""
    runs_abandon_stale(model=model)
    return model._default_manager.create(**fields)


def run_start_versioned(*, model: type[R], **fields: Any) -> R:
    """``run_start`` for a model whose runs carry a unique ``version`` (builds, risk models):
    the next number, taken again if a concurrent run took it first."""
    runs_abandon_stale(model=model)
    for _attempt in range(VERSION_ATTEMPTS):
        version = (model._default_manager.aggregate(v=Max("version"))["v"] or 0) + 1
        try:
            with transaction.atomic():
                return model._default_manager.create(version=version, **fields)
        except IntegrityError:  # another run took the number first
            continue
    raise RunError(f"could not allocate a version for a new {model._meta.verbose_name}")


def run_mark_succeeded(*, run: Run) -> list[str]:
    """Set the run succeeded, finished now, with its duration; returns the fields to save
    (with the caller's own, in the caller's transaction)."""
    finished = timezone.now()
    run.status = Run.Status.SUCCEEDED
    run.finished_at = finished
    run.duration_seconds = round((finished - run.started_at).total_seconds(), 2)
    return ["status", "finished_at", "duration_seconds"]


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


def runs_prune(
    *,
    model: type[Run],
    keep: int,
    protected: Collection[int] = (),
    newest_first: Sequence[str] = ("-started_at", "-id"),
) -> int:
    """Delete the finished runs beyond the newest ``keep`` (in ``newest_first`` order: the
    version, for runs that have one), except the ``protected`` ones (those whose results are
    still served). Returns how many were deleted."""
    finished = model._default_manager.exclude(status=Run.Status.RUNNING).order_by(*newest_first)
    old = [pk for pk in finished.values_list("pk", flat=True)[keep:] if pk not in protected]
    if old:
        model._default_manager.filter(pk__in=old).delete()
    return len(old)
