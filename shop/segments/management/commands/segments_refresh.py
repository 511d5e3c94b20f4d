"""Recompute the customer segments now (in this process, with progress) or queue it."""

from __future__ import annotations

from typing import Any

from shop.core.commands import RunCommand
from shop.segments.models import Segment
from shop.segments.services import segments_refresh
from shop.segments.tasks import SEGMENTS_REFRESH


class Command(RunCommand):
    kind = SEGMENTS_REFRESH

    def run(self, **options: Any) -> str:
        run = segments_refresh(progress=self.progress)
        for segment in Segment:
            if count := run.sizes.get(segment.value):
                self.stdout.write(f"  {segment.label}: {count}")
        silhouette = "-" if run.silhouette is None else f"{run.silhouette:.3f}"
        return (
            f"Segments refreshed: {run.n_customers} customers, {run.n_buyers} with orders, "
            f"{run.n_clusters} clusters (silhouette {silhouette}), {run.duration_seconds}s."
        )
