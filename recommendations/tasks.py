"""Celery tasks of the rebuild and how staff start one. Thin: each calls one service; all are
safe to retry."""

from __future__ import annotations

from celery import chord, shared_task
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from shop.core.runs import RunKind

from .models import Build
from .services import (
    build_compute_chunk,
    build_fail,
    build_finish,
    build_start,
    interaction_buffer_flush,
    row_shown_flush,
)


@shared_task(acks_late=True)
def rebuild() -> int:
    """Start a rebuild: prepare it, then fan the catalogue slices out to the workers."""
    build, bounds = build_start(n_chunks=settings.RECOMMENDATIONS_BUILD_CHUNKS)
    header = [
        rebuild_chunk.si(build.pk, index, start, stop) for index, (start, stop) in enumerate(bounds)
    ]
    chord(header)(rebuild_finish.si(build.pk).on_error(rebuild_failed.si(build.pk)))
    return build.pk


@shared_task(acks_late=True, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def rebuild_chunk(build_id: int, index: int, item_start: int, item_stop: int) -> None:
    build_compute_chunk(build_id=build_id, index=index, item_start=item_start, item_stop=item_stop)


@shared_task(acks_late=True)
def rebuild_finish(build_id: int) -> None:
    build_finish(build_id=build_id)


@shared_task(acks_late=True)
def rebuild_failed(build_id: int, *args: object) -> None:
    build_fail(build_id=build_id, error="a chunk of the rebuild failed; see the worker log")


@shared_task(acks_late=True)
def flush_views() -> int:
    """Write the anonymous product views and the rows' shown events buffered in Redis (see
    interaction_record and row_shown_record)."""
    return interaction_buffer_flush() + row_shown_flush()


REBUILD = RunKind(
    model=Build,
    task=rebuild,
    verb="rebuild",
    button=_("Rebuild now"),
    queued=_("A rebuild has been queued."),
    unavailable=_(
        "The task queue is unavailable, so no rebuild was queued. The current "
        "recommendations keep serving; try again when the queue is back."
    ),
    command="rebuild_recommendations",
    command_help="Rebuild item neighbours and switch the shop to the new build.",
)
