"""Celery task of the forecasts and how staff start one. Thin: the task calls one service;
a retry just makes a new run."""

from __future__ import annotations

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from shop.core.runs import RunKind

from . import services
from .models import ForecastRun


@shared_task(acks_late=True)
def forecast_refresh() -> int:
    """The nightly refresh (Celery beat): forecast every product, swap the results."""
    return services.forecast_refresh().pk


FORECAST_REFRESH = RunKind(
    model=ForecastRun,
    task=forecast_refresh,
    verb="refresh",
    button=_("Refresh now"),
    queued=_("A forecast refresh has been queued."),
    unavailable=_(
        "The task queue is unavailable, so no refresh was queued. The current "
        "forecasts stay; try again when the queue is back."
    ),
    command="forecast_refresh",
    command_help="Forecast every product's demand from its order history and flag low stock.",
)
