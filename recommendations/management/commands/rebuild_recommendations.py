"""Rebuild the recommendations now (in this process) or queue it for the workers."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from recommendations.builds import BuildQueueUnavailable, build_enqueue, build_run


class Command(BaseCommand):
    help = "Rebuild item neighbours and switch the shop to the new build."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--async", action="store_true", dest="run_async", help="Queue it.")
        parser.add_argument(
            "--chunks",
            type=int,
            default=1,
            help="Slices of the catalogue to compute one after another (default 1).",
        )

    def handle(self, *args: Any, run_async: bool, chunks: int, **options: Any) -> None:
        if run_async:
            try:
                build_enqueue()
            except BuildQueueUnavailable as error:
                raise CommandError(str(error)) from error
            self.stdout.write(self.style.SUCCESS("Rebuild queued for the Celery workers."))
            return
        if chunks < 1:
            raise CommandError("--chunks must be at least 1")

        def progress(message: str) -> None:
            self.stdout.write(f"  {message}")
            self.stdout.flush()

        build = build_run(n_chunks=chunks, progress=progress)
        metrics = ", ".join(f"{k} {v}" for k, v in sorted(build.metrics.items()))
        self.stdout.write(
            self.style.SUCCESS(
                f"Build {build.version} serving: {build.n_items} items, "
                f"{build.n_interactions} signals, {build.duration_seconds}s. {metrics}"
            )
        )
