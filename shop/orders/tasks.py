"""Orders' background jobs: thin, idempotent wrappers around services. (The order e-mails go
through the outbox: ``shop.core.tasks``.)"""

from __future__ import annotations

import logging

from celery import shared_task

from .services import order_payments_reconcile

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, ignore_result=True)
def reconcile_payments() -> dict[str, int]:
    """Every few minutes (beat): capture, settle or cancel what a crash left half-way."""
    report = order_payments_reconcile()
    if any(vars(report).values()):
        logger.info("payments reconciled: %s", vars(report))
    return vars(report)
