"""Celery task of order risk and how staff start one. Thin: calls one service; safe to retry
(a retry trains again)."""

from __future__ import annotations

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from shop.core.runs import RunKind

from .models import RiskModel
from .services import risk_model_train, staff_digest_queue


@shared_task(acks_late=True)
def risk_recalibrate() -> int:
    """Nightly: learn from the day's orders and staff decisions; returns the new version."""
    return risk_model_train().version


@shared_task(acks_late=True)
def staff_digest() -> None:
    """Daily, after the night's insights: e-mail staff the held orders and stock to reorder
    (once per day: a retry finds the day's message written)."""
    staff_digest_queue()


RISK_RECALIBRATION = RunKind(
    model=RiskModel,
    task=risk_recalibrate,
    verb="retrain",
    button=_("Recalibrate now"),
    queued=_("Recalibration has been queued."),
    unavailable=_(
        "The task queue is unavailable, so no recalibration was queued. The current "
        "risk model keeps scoring orders; try again when the queue is back."
    ),
    command="score_order_risk",
    command_help=(
        "(Re)calibrate the order-risk model on all orders and staff decisions, then score every "
        "order that has no risk score yet. With --async, queue the recalibration only."
    ),
)
