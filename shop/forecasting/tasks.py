"""Celery task of the forecasts. Thin: it calls one service; a retry just makes a new run."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def forecast_refresh() -> int:
    """The nightly refresh (Celery beat): forecast every product, swap the results."""
    return services.forecast_refresh().pk
