"""Core's background jobs: the outbox's relay (beat) and delivery (workers)."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import OperationalError

from .outbox import outbox_deliver, outbox_relay

logger = logging.getLogger(__name__)


# A database that is briefly unavailable or locked (a failover, SQLite's table lock) is retried
# within seconds, with jitter, instead of waiting for the relay's next pass over the message.
@shared_task(
    acks_late=True,
    ignore_result=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=30,
    max_retries=5,
)
def deliver_outbox_message(message_id: str) -> str:
    """One message: safe to run twice (the second finds it claimed or sent)."""
    return outbox_deliver(message_id=message_id)


@shared_task(ignore_result=True)
def relay_outbox() -> dict[str, int]:
    """Every few seconds (beat): queue a delivery for each message that is due."""

    def send(message_id: str) -> None:
        deliver_outbox_message.delay(message_id)

    report = outbox_relay(send=send)
    if any(vars(report).values()):
        logger.info("outbox relayed: %s", vars(report))
    return vars(report)
