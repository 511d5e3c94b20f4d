"""Orders' background jobs: thin, idempotent wrappers around services."""

from __future__ import annotations

import logging

from celery import shared_task

from .services import order_confirmation_send, order_payments_reconcile

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_order_confirmation(order_id: int) -> None:
    order_confirmation_send(order_id=order_id)


@shared_task(acks_late=True, ignore_result=True)
def reconcile_payments() -> dict[str, int]:
    """Every few minutes (beat): capture, settle or cancel what a crash left half-way."""
    report = order_payments_reconcile()
    if any(vars(report).values()):
        logger.info("payments reconciled: %s", vars(report))
    return vars(report)
