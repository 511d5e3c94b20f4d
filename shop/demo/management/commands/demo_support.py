"""``manage.py demo_support``: customers and visitors talk to the assistant through the chat API
over the last 30 days (after it is trained), and staff answer the tickets they open, so the
assistant's admin pages show transcripts, tickets and unanswered questions from the real path."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shop.demo.services.browsing import DEFAULT_DAYS
from shop.demo.services.run import quiet_sign_ins
from shop.demo.services.support import demo_support


class Command(BaseCommand):
    help = "Hold the demo's support conversations through the chat API (assistant and tickets)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--conversations", type=int, default=28)
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument(
            "--days", type=int, default=DEFAULT_DAYS, help="Spread them over this many days."
        )

    def handle(self, *args: Any, conversations: int, seed: int, days: int, **options: Any) -> None:
        if conversations < 1 or days < 1:
            raise CommandError("--conversations and --days must be at least 1.")
        started = time.monotonic()
        with quiet_sign_ins():
            held = demo_support(conversations=conversations, seed=seed, days=days, report=self)
        kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(held.kinds.items()))
        self.stdout.write(
            self.style.SUCCESS(
                f"{held.conversations} support conversations ({kinds}); "
                f"{held.tickets_answered} tickets answered by staff, in "
                f"{time.monotonic() - started:.1f}s."
            )
        )

    def line(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()

    def step(self, message: str) -> None:
        self.stdout.write(self.style.MIGRATE_HEADING(message))
