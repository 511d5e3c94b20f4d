"""Celery task of order risk. Thin: calls one service; safe to retry (a retry trains again)."""

from __future__ import annotations

from celery import shared_task

from .services import risk_model_train


@shared_task(acks_late=True)
def risk_recalibrate() -> int:
    """Nightly: learn from the day's orders and staff decisions; returns the new version."""
    return risk_model_train().version
