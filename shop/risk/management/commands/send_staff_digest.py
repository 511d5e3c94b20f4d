"""E-mail staff the digest now: held orders and stock to reorder (beat sends it daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from shop.risk.services import staff_digest_send


class Command(BaseCommand):
    help = "E-mail the staff digest (held orders, stock out now or running out) now."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = staff_digest_send(day=timezone.localdate())
        if sent:
            self.stdout.write(self.style.SUCCESS(f"Staff digest sent to {sent} staff."))
        else:
            self.stdout.write("Nothing waits for staff, or no staff may see it: no digest sent.")
