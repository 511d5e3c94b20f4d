"""The order's status history: one row per change, written with the change."""

from __future__ import annotations

from django.utils import timezone

from shop.accounts.models import User

from ..models import Order, OrderStatusChange


def status_record(
    order: Order, from_status: str, to_status: str, *, by: User | None = None, note: str = ""
) -> None:
    OrderStatusChange.objects.create(
        order=order,
        from_status=from_status,
        to_status=to_status,
        changed_at=timezone.now(),
        changed_by=by,
        note=note[:200],
    )
