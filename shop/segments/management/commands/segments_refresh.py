"""Recompute the customer segments now, in this process, with progress."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from shop.segments.models import Segment
from shop.segments.services import segments_refresh


class Command(BaseCommand):
    help = "Compute every customer's RFM segment and replace the current assignments."

    def handle(self, *args: Any, **options: Any) -> None:
        def progress(message: str) -> None:
            self.stdout.write(f"  {message}")
            self.stdout.flush()

        run = segments_refresh(progress=progress)
        for segment in Segment:
            if count := run.sizes.get(segment.value):
                self.stdout.write(f"  {segment.label}: {count}")
        silhouette = "-" if run.silhouette is None else f"{run.silhouette:.3f}"
        self.stdout.write(
            self.style.SUCCESS(
                f"Segments refreshed: {run.n_customers} customers, {run.n_buyers} with orders, "
                f"{run.n_clusters} clusters (silhouette {silhouette}), {run.duration_seconds}s."
            )
        )
