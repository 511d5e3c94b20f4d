"""``manage.py demo_browse``: shoppers browse the demo through its pages (after a build) over the
last 30 days, so the recommendations dashboard shows impressions, clicks and CTR per day from
the serving path."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shop.demo.services.browsing import DEFAULT_DAYS, demo_browse
from shop.demo.services.run import quiet_sign_ins


class Command(BaseCommand):
    help = "Browse the demo shop's pages as visitors and customers (recommendation statistics)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--visits", type=int, default=150)
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument(
            "--days", type=int, default=DEFAULT_DAYS, help="Spread the visits over this many days."
        )

    def handle(
        self, *args: Any, visits: int, seed: int, days: int = DEFAULT_DAYS, **options: Any
    ) -> None:
        if visits < 1 or days < 1:
            raise CommandError("--visits and --days must be at least 1.")
        started = time.monotonic()
        with quiet_sign_ins():
            browsed = demo_browse(visits=visits, seed=seed, days=days, report=self)
        clicks = ", ".join(f"{p} {n}" for p, n in sorted(browsed.clicks.items())) or "none"
        self.stdout.write(
            self.style.SUCCESS(
                f"{browsed.visits} visits over {browsed.days} days, {browsed.pages} pages in "
                f"{time.monotonic() - started:.1f}s; clicks on recommendations: {clicks}."
            )
        )

    def line(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()

    def step(self, message: str) -> None:
        self.stdout.write(self.style.MIGRATE_HEADING(message))
