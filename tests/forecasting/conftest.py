from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from shop.catalogue.factories import ProductFactory
from shop.forecasting.factories import OrderLineFactory
from shop.orders.models import OrderStatus


def days_ago(days: int) -> datetime:
    day = timezone.localdate() - timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


@pytest.fixture
def steady_sellers(db):  # type: ignore[no-untyped-def]
    """A product selling 2 a day with 3 left (runs out in days), one with plenty of stock,
    and one whose only orders were cancelled or refunded (no demand)."""
    created = days_ago(120)
    scarce = ProductFactory(title="Scarce Kettle", stock_quantity=3, lead_time_days=7)
    plenty = ProductFactory(title="Plentiful Mug", stock_quantity=5000, lead_time_days=7)
    undone = ProductFactory(title="Returned Lamp", stock_quantity=1, lead_time_days=7)
    for product in (scarce, plenty, undone):
        product.created_at = created
        product.save(update_fields=["created_at"])
    for day in range(1, 57):
        OrderLineFactory(product=scarce, quantity=2, order__created_at=days_ago(day))
        OrderLineFactory(product=plenty, quantity=1, order__created_at=days_ago(day))
    for day, status in ((3, OrderStatus.CANCELLED), (9, OrderStatus.REFUNDED)):
        OrderLineFactory(
            product=undone, quantity=3, order__status=status, order__created_at=days_ago(day)
        )
    return {"scarce": scarce, "plenty": plenty, "undone": undone}
