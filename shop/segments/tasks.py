"""Celery task of the segments: thin, idempotent (a rerun replaces the assignments)."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def segments_refresh() -> int:
    """The nightly refresh (beat): every customer's segment, replaced in one transaction."""
    return services.segments_refresh().pk
