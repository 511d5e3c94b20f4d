"""Writes of the segments app: a refresh computes every customer's segment and replaces the
previous assignments in one transaction."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shop.core.services import (
    Progress,
    quiet,
    run_fail,
    run_mark_succeeded,
    run_start,
    runs_prune,
)

from .engine.features import RFMTable
from .engine.naming import NamingRules
from .engine.segmentation import NO_CLUSTER, Segmentation, segment_customers
from .models import CustomerSegment, SegmentRun
from .selectors import customer_rfm

WINDOW_DAYS = 365
SEED = 42  # KMeans and the silhouette sample: the same data always gives the same segments
RUNS_KEPT = 90  # three months of nightly history
WRITE_BATCH = 2_000


def segments_refresh(*, now: datetime | None = None, progress: Progress = quiet) -> SegmentRun:
    """Recompute every customer's segment as of ``now``. Idempotent: a rerun replaces the
    assignments; a failure leaves the previous ones in place and records the error."""
    now = now or timezone.now()
    run = run_start(model=SegmentRun, as_of=now, window_days=WINDOW_DAYS)
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
            _finish(run, table, result, rules, buyers)
    except Exception as error:
        run_fail(run=run, error=f"{type(error).__name__}: {error}")
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
) -> None:
    succeeded = run_mark_succeeded(run=run)
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
            "segments": summary.segments,
        }
        for summary in result.summaries
    ]
    run.rules = {
        **rules.as_dict(),
        "median_frequency": result.reference.median_frequency,
        # Unrounded: the table is rebuilt from these to check every member against it.
        "median_monetary": result.reference.median_monetary,
        "big_spend_from": round(result.reference.big_spend(rules), 2),
        "many_orders_from": result.reference.many_orders(rules),
    }
    run.save(
        update_fields=[
            *succeeded,
            "n_customers",
            "n_buyers",
            "n_clusters",
            "silhouette",
            "sizes",
            "centroids",
            "rules",
        ]
    )


def segment_runs_prune(*, keep: int = RUNS_KEPT) -> int:
    """Delete finished runs beyond the newest ``keep``, never the one assignments point at."""
    in_use = set(CustomerSegment.objects.values_list("run_id", flat=True).distinct())
    return runs_prune(model=SegmentRun, keep=keep, protected=in_use)
