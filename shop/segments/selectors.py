"""Reads of the segments app: the RFM arrays the engine needs, and the overview for staff."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

import numpy as np
from django.db.models import Avg, Count, Max, Q, Sum

from shop.accounts.models import User
from shop.orders.models import PAID_STATUSES

from .engine.features import RFMTable
from .models import CustomerSegment, Segment, SegmentRun

SECONDS_PER_DAY = 86_400.0


def customer_rfm(*, now: datetime, window_days: int) -> RFMTable:
    """Recency, frequency, spend and tenure of every active customer (staff excluded), as of
    ``now``, in one aggregate query. Only paid, shipped and delivered orders count: a pending
    order may never be paid, a cancelled or refunded one was not a purchase."""
    counted = Q(orders__status__in=PAID_STATUSES, orders__created_at__lte=now)
    in_window = counted & Q(orders__created_at__gt=now - timedelta(days=window_days))
    rows = list(
        User.objects.filter(is_active=True, is_staff=False, date_joined__lte=now)
        .annotate(
            last_order=Max("orders__created_at", filter=counted),
            n_orders=Count("orders", filter=in_window),
            spend=Sum("orders__total", filter=in_window),
        )
        .order_by("pk")
        .values_list("pk", "date_joined", "last_order", "n_orders", "spend")
    )
    return RFMTable(
        customer_ids=np.array([row[0] for row in rows], dtype=np.int64),
        recency_days=np.array(
            [_days(now - row[2]) if row[2] is not None else np.nan for row in rows],
            dtype=np.float64,
        ),
        frequency=np.array([row[3] for row in rows], dtype=np.float64),
        monetary=np.array([float(row[4] or 0) for row in rows], dtype=np.float64),
        tenure_days=np.array([_days(now - row[1]) for row in rows], dtype=np.float64),
    )


def _days(delta: timedelta) -> float:
    return max(delta.total_seconds() / SECONDS_PER_DAY, 0.0)


@dataclass(frozen=True)
class SegmentRow:
    segment: str
    label: str
    customers: int
    share: float
    avg_recency_days: float | None
    avg_frequency: float
    avg_monetary: Decimal


@dataclass(frozen=True)
class SegmentOverview:
    run: SegmentRun | None
    rows: list[SegmentRow]
    total: int


def segment_overview() -> SegmentOverview:
    """Customers per segment with their average recency, orders and spend (one aggregate
    query), in the segments' reading order; segments nobody is in are left out."""
    stats = {
        row["segment"]: row
        for row in CustomerSegment.objects.order_by()
        .values("segment")
        .annotate(
            customers=Count("pk"),
            recency=Avg("recency_days"),
            frequency=Avg("frequency"),
            monetary=Avg("monetary"),
        )
    }
    total = sum(row["customers"] for row in stats.values())
    rows = [
        SegmentRow(
            segment=segment.value,
            label=str(segment.label),
            customers=stats[segment.value]["customers"],
            share=stats[segment.value]["customers"] / total,
            avg_recency_days=stats[segment.value]["recency"],
            avg_frequency=float(stats[segment.value]["frequency"] or 0.0),
            avg_monetary=Decimal(stats[segment.value]["monetary"] or 0).quantize(Decimal("0.01")),
        )
        for segment in Segment
        if segment.value in stats
    ]
    return SegmentOverview(run=segment_run_current(), rows=rows, total=total)


def segment_run_current() -> SegmentRun | None:
    """The run the current assignments come from: the latest that succeeded."""
    return (
        SegmentRun.objects.filter(status=SegmentRun.Status.SUCCEEDED)
        .order_by("-finished_at", "-id")
        .first()
    )
