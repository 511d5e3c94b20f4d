from __future__ import annotations

from celery import shared_task

from .services import order_confirmation_send


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_order_confirmation(order_id: int) -> None:
    order_confirmation_send(order_id=order_id)
