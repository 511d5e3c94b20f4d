"""Celery task of the segments and how staff start one: thin, idempotent (a rerun replaces
the assignments)."""

from __future__ import annotations

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from shop.core.runs import RunKind

from . import services
from .models import SegmentRun


@shared_task(acks_late=True)
def segments_refresh() -> int:
    """The nightly refresh (beat): every customer's segment, replaced in one transaction."""
    return services.segments_refresh().pk


SEGMENTS_REFRESH = RunKind(
    model=SegmentRun,
    task=segments_refresh,
    verb="refresh",
    button=_("Refresh now"),
    queued=_("A segment refresh has been queued."),
    unavailable=_(
        "The task queue is unavailable, so no refresh was queued. The current segments "
        "stay as they are; try again when the queue is back."
    ),
    command="segments_refresh",
    command_help="Compute every customer's RFM segment and replace the current assignments.",
)
