"""The wishlist's periodic job (beat): e-mail price drops and restocks of saved products."""

from __future__ import annotations

from celery import shared_task

from .services import saved_item_alerts_queue


@shared_task(acks_late=True)
def saved_item_alerts() -> dict[str, int]:
    report = saved_item_alerts_queue()
    return {"price_drops": report.price_drops, "back_in_stock": report.back_in_stock}
