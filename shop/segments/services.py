"""Writes of the segments app: a refresh computes every customer's segment and replaces the
previous assignments in one transaction."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .engine.features import RFMTable
from .engine.naming import NamingRules
from .engine.segmentation import NO_CLUSTER, Segmentation, segment_customers
from .models import CustomerSegment, SegmentRun
from .selectors import customer_rfm

logger = logging.getLogger(__name__)
Progress = Callable[[str], None]

WINDOW_DAYS = 365
SEED = 42  # KMeans and the silhouette sample: the same data always gives the same segments
RUNS_KEPT = 90  # three months of nightly history
STALE_AFTER_HOURS = 6
WRITE_BATCH = 2_000


class SegmentQueueUnavailable(Exception):
    pass


def _quiet(message: str) -> None:
    logger.info(message)


def segments_refresh(*, now: datetime | None = None, progress: Progress = _quiet) -> SegmentRun:
    """Recompute every customer's segment as of ``now``. Idempotent: a rerun replaces the
    assignments; a failure leaves the previous ones in place and records the error."""
    now = now or timezone.now()
    _abandon_stale_runs()
    clock = time.monotonic()
    run = SegmentRun.objects.create(as_of=now, window_days=WINDOW_DAYS)
    try:
        progress(_("Reading customers and their orders"))
        table = customer_rfm(now=now, window_days=WINDOW_DAYS)
        buyers = int(table.has_ordered.sum())
        progress(
            _("%(customers)d customers, %(buyers)d with orders in the last %(days)d days")
            % {"customers": len(table), "buyers": buyers, "days": WINDOW_DAYS}
        )
        progress(_("Clustering and naming the segments"))
        rules = NamingRules()
        result = segment_customers(table, rules=rules, seed=SEED)
        progress(_("Writing %(n)d assignments") % {"n": len(table)})
        # One transaction: the serving assignments and the run that describes them switch
        # together, so the overview never shows one run's sizes beside another's rows.
        with transaction.atomic():
            _replace_assignments(run, table, result)
            _finish(run, table, result, rules, buyers, time.monotonic() - clock)
    except Exception as error:
        segment_run_fail(run_id=run.pk, error=f"{type(error).__name__}: {error}")
        raise
    segment_runs_prune()
    return run


def _replace_assignments(run: SegmentRun, table: RFMTable, result: Segmentation) -> None:
    """The whole set at once (in the caller's transaction): readers see the old assignments
    or the new, never a mix."""
    rows = [
        CustomerSegment(
            user_id=int(customer_id),
            run=run,
            segment=segment,
            cluster=None if cluster == NO_CLUSTER else int(cluster),
            recency_days=None if recency != recency else round(float(recency), 2),  # NaN
            frequency=int(frequency),
            monetary=Decimal(str(round(float(monetary), 2))),
            tenure_days=int(tenure),
        )
        for customer_id, segment, cluster, recency, frequency, monetary, tenure in zip(
            table.customer_ids.tolist(),
            result.segments,
            result.clusters.tolist(),
            table.recency_days.tolist(),
            table.frequency.tolist(),
            table.monetary.tolist(),
            table.tenure_days.tolist(),
            strict=True,
        )
    ]
    CustomerSegment.objects.all().delete()
    CustomerSegment.objects.bulk_create(rows, batch_size=WRITE_BATCH)


def _finish(
    run: SegmentRun,
    table: RFMTable,
    result: Segmentation,
    rules: NamingRules,
    buyers: int,
    seconds: float,
) -> None:
    run.status = SegmentRun.Status.SUCCEEDED
    run.finished_at = timezone.now()
    run.duration_seconds = round(seconds, 3)
    run.n_customers = len(table)
    run.n_buyers = buyers
    run.n_clusters = result.k
    run.silhouette = None if result.silhouette is None else round(result.silhouette, 4)
    run.sizes = result.sizes()
    run.centroids = [
        {
            "cluster": summary.cluster,
            "segment": summary.segment,
            "size": summary.size,
            "recency_days": round(summary.profile.recency_days, 1),
            "frequency": round(summary.profile.frequency, 2),
            "monetary": round(summary.profile.monetary, 2),
        }
        for summary in result.summaries
    ]
    run.rules = {
        **rules.as_dict(),
        "median_frequency": result.reference.median_frequency,
        "median_monetary": round(result.reference.median_monetary, 2),
        "big_spend_from": round(result.reference.big_spend(rules), 2),
        "many_orders_from": result.reference.many_orders(rules),
    }
    run.save(
        update_fields=[
            "status",
            "finished_at",
            "duration_seconds",
            "n_customers",
            "n_buyers",
            "n_clusters",
            "silhouette",
            "sizes",
            "centroids",
            "rules",
        ]
    )


def segment_run_fail(*, run_id: int, error: str) -> None:
    SegmentRun.objects.filter(pk=run_id, status=SegmentRun.Status.RUNNING).update(
        status=SegmentRun.Status.FAILED, finished_at=timezone.now(), error=error[:4000]
    )


def _abandon_stale_runs() -> None:
    """Runs left running by a worker that died long ago are marked failed."""
    stale = timezone.now() - timedelta(hours=STALE_AFTER_HOURS)
    SegmentRun.objects.filter(status=SegmentRun.Status.RUNNING, started_at__lt=stale).update(
        status=SegmentRun.Status.FAILED,
        finished_at=timezone.now(),
        error="abandoned: no progress for hours",
    )


def segment_runs_prune(*, keep: int = RUNS_KEPT) -> int:
    """Delete finished runs beyond the newest ``keep``, never the one assignments point at."""
    in_use = set(CustomerSegment.objects.values_list("run_id", flat=True).distinct())
    finished = SegmentRun.objects.exclude(status=SegmentRun.Status.RUNNING).order_by(
        "-started_at", "-id"
    )
    old = [pk for pk in finished.values_list("pk", flat=True)[keep:] if pk not in in_use]
    if old:
        SegmentRun.objects.filter(pk__in=old).delete()
    return len(old)


def segments_refresh_enqueue() -> None:
    """Queue a refresh for the workers; says clearly when the queue cannot be reached."""
    from kombu.exceptions import OperationalError

    from .tasks import segments_refresh as refresh_task

    try:
        refresh_task.delay()
    except (OperationalError, ConnectionError, OSError) as error:
        raise SegmentQueueUnavailable(
            _(
                "The task queue is unavailable, so no refresh was queued. The current segments "
                "stay as they are; try again when the queue is back."
            )
        ) from error
