"""Rebuild the recommendations now (in this process) or queue it for the workers."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from recommendations.services import build_run
from recommendations.tasks import REBUILD
from shop.core.commands import RunCommand


class Command(RunCommand):
    kind = REBUILD

    def add_run_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--chunks",
            type=int,
            default=1,
            help="Slices of the catalogue to compute one after another (default 1).",
        )

    def check_options(self, *, run_async: bool, chunks: int, **options: Any) -> None:
        if run_async and chunks != 1:
            raise CommandError(
                "--chunks applies in this process only; the workers take "
                "RECOMMENDATIONS_BUILD_CHUNKS"
            )
        if chunks < 1:
            raise CommandError("--chunks must be at least 1")

    def run(self, *, chunks: int, **options: Any) -> str:
        build = build_run(n_chunks=chunks, progress=self.progress)
        metrics = ", ".join(f"{k} {v}" for k, v in sorted(build.metrics.items()))
        return (
            f"Build {build.version} serving: {build.n_items} items, "
            f"{build.n_interactions} signals, {build.duration_seconds}s. {metrics}"
        )
