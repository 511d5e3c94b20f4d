"""Fill the shop with a believable demo: catalogue, customers, orders, reviews and signals.

The data comes from the framework-free generator in ``shop.demo.engine`` (deterministic for a
seed); ``shop.demo.services`` writes it. Running it again duplicates nothing.
"""

from __future__ import annotations

import contextlib
import io
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection

from shop.demo.engine import SIZES
from shop.demo.services import DEMO_CUSTOMER_PASSWORD, STAFF_USERNAME, demo_seed


def logins_file() -> Path:
    """Where seed_demo leaves the demo logins for serve_demo (under the VAR_DIR in use)."""
    return Path(settings.VAR_DIR) / "demo-logins.txt"


class Command(BaseCommand):
    help = "Seed a demo shop (idempotent). Sizes: small, medium (default), large."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--size", choices=sorted(SIZES), default="medium")
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument(
            "--no-images", action="store_true", help="Skip generated product images."
        )

    def handle(self, *args: Any, size: str, seed: int, no_images: bool, **options: Any) -> None:
        started = time.monotonic()
        # Today's demo orders go through checkout, which e-mails each (fictitious) customer:
        # with the console e-mail backend those would bury the progress report.
        console = io.StringIO()
        with contextlib.redirect_stdout(console):
            seeded = demo_seed(size=size, seed=seed, images=not no_images, report=self)
        if connection.vendor == "postgresql":
            # Planner statistics for the tables just filled: autovacuum may be off or behind,
            # and without them a 50k-product search was planned as a nested loop (seconds).
            # VACUUM too, where it may run (not inside a transaction, as in tests): seeding
            # updates rows it has just written, and a 50k-product seed left 150k dead product
            # rows, so every search read four times the table it needed.
            vacuum = not connection.in_atomic_block
            self.step(
                "Vacuuming and updating PostgreSQL's planner statistics (VACUUM ANALYZE)"
                if vacuum
                else "Updating PostgreSQL's planner statistics (ANALYZE)"
            )
            with connection.cursor() as cursor:
                cursor.execute("VACUUM (ANALYZE)" if vacuum else "ANALYZE")
        elapsed = time.monotonic() - started
        if mails := console.getvalue().count("\nMessage-ID: "):
            self.stdout.write(
                f"  ({mails} e-mails to demo customers sent to the console, not shown)"
            )
        self.stdout.write(self.style.SUCCESS(f"Demo shop seeded in {elapsed:.1f}s."))
        logins = [
            f"  Staff login:    {STAFF_USERNAME} / {seeded.staff_password}  (at /admin/)",
            f"  Customer login: {seeded.shop.customers[0].username} / {DEMO_CUSTOMER_PASSWORD}",
        ]
        for line in logins:
            self.stdout.write(line)
        # For serve_demo, which prints them again once the server answers (readable by the
        # owner only: the staff password is in it).
        logins_file().write_text("\n".join(logins) + "\n", encoding="utf-8")
        logins_file().chmod(0o600)

    # The progress report demo_seed writes to (shop.demo.services.Report).

    def step(self, message: str) -> None:
        self.stdout.write(self.style.MIGRATE_HEADING(message))
        self.stdout.flush()

    def line(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()
