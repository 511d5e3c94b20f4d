"""Reads of the segments app: the RFM arrays the engine needs, and the overview for staff."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

import numpy as np
from django.db.models import Avg, Count

from shop.accounts.models import User
from shop.orders.selectors import customer_purchases

from .engine.features import RFMTable
from .engine.naming import Customers, NamingRules, Reference, SegmentRule, rule_table
from .models import CustomerSegment, Segment, SegmentRun

SECONDS_PER_DAY = 86_400.0


def customer_rfm(*, now: datetime, window_days: int) -> RFMTable:
    """Recency, frequency, spend and tenure of every active customer (staff excluded), as of
    ``now``, in two queries. Purchases are what orders count as one (``customer_purchases``).

    Values come as they are stored (recency and spend to the cent or hundredth of a day,
    tenure in whole days), so a customer is named on exactly the numbers staff see."""
    purchases = customer_purchases(now=now, window_days=window_days)
    nothing: tuple[datetime | None, int, Decimal] = (None, 0, Decimal("0"))
    rows = [
        (pk, joined, *purchases.get(pk, nothing))
        for pk, joined in User.objects.filter(is_active=True, is_staff=False, date_joined__lte=now)
        .order_by("pk")
        .values_list("pk", "date_joined")
    ]
    return RFMTable(
        customer_ids=np.array([row[0] for row in rows], dtype=np.int64),
        recency_days=np.array(
            [round(_days(now - row[2]), 2) if row[2] is not None else np.nan for row in rows],
            dtype=np.float64,
        ),
        frequency=np.array([row[3] for row in rows], dtype=np.float64),
        monetary=np.array([round(float(row[4] or 0), 2) for row in rows], dtype=np.float64),
        tenure_days=np.array([int(_days(now - row[1])) for row in rows], dtype=np.float64),
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


@dataclass(frozen=True)
class SegmentRuleRow:
    segment: str
    label: str
    condition: str  # in words, with the run's numbers
    customers: int


def _run_table(run: SegmentRun) -> tuple[SegmentRule, ...] | None:
    """The engine's rule table as the run applied it (None for a run from before it was
    stored in full)."""
    rules = run.rules or {}
    fields = NamingRules().as_dict()
    if not set(fields) | {"median_frequency", "median_monetary"} <= set(rules):
        return None
    naming = NamingRules(**{name: float(rules[name]) for name in fields})
    reference = Reference(float(rules["median_frequency"]), float(rules["median_monetary"]))
    return rule_table(reference, naming)


def segment_rule_rows(run: SegmentRun | None) -> list[SegmentRuleRow]:
    """The rule table of ``run`` in reading order, with the customers each row names."""
    table = _run_table(run) if run is not None else None
    if table is None or run is None:
        return []
    labels = dict(Segment.choices)
    return [
        SegmentRuleRow(
            row.segment,
            str(labels.get(row.segment, row.segment)),
            row.condition,
            int(run.sizes.get(row.segment, 0)),
        )
        for row in table
    ]


def segment_contradictions() -> int | None:
    """How many customers sit in a segment whose rule, applied to their stored numbers, does
    not hold (0 when the names agree with the table; None before any full run). One query."""
    run = segment_run_current()
    table = _run_table(run) if run is not None else None
    if table is None:
        return None
    rows = list(
        CustomerSegment.objects.order_by("pk").values_list(
            "segment", "recency_days", "frequency", "monetary", "tenure_days"
        )
    )
    if not rows:
        return 0
    customers = Customers(
        recency_days=np.array([np.nan if r[1] is None else r[1] for r in rows], dtype=np.float64),
        frequency=np.array([r[2] for r in rows], dtype=np.float64),
        monetary=np.array([float(r[3]) for r in rows], dtype=np.float64),
        tenure_days=np.array([r[4] for r in rows], dtype=np.float64),
    )
    segments = np.array([r[0] for r in rows])
    agree = np.zeros(len(rows), dtype=bool)
    for row in table:
        agree |= (segments == row.segment) & row.applies(customers)
    return int((~agree).sum())
