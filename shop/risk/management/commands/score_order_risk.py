"""Train the order-risk model on the shop's history and staff decisions, then score orders."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from shop.core.commands import RunCommand
from shop.risk.services import DEFAULT_SEED, order_risk_backfill, risk_model_train
from shop.risk.tasks import RISK_RECALIBRATION


class Command(RunCommand):
    kind = RISK_RECALIBRATION

    def add_run_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-train", action="store_true", help="Score with the serving model as it is."
        )
        parser.add_argument(
            "--no-backfill", action="store_true", help="Train only; score no orders."
        )
        parser.add_argument(
            "--rescore-open",
            action="store_true",
            help="Also re-score undecided orders that have not shipped yet.",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"Seed of the forest (default {DEFAULT_SEED}).",
        )

    def check_options(
        self,
        *,
        run_async: bool,
        no_train: bool,
        no_backfill: bool,
        rescore_open: bool,
        seed: int,
        **options: Any,
    ) -> None:
        if run_async and (no_train or rescore_open or seed != DEFAULT_SEED):
            raise CommandError(
                "--async queues the nightly recalibration as it is; "
                "--no-train, --rescore-open and --seed apply in this process only"
            )
        if no_train and no_backfill:
            raise CommandError("--no-train and --no-backfill together leave nothing to do")
        if seed < 0:
            raise CommandError("--seed must be 0 or more")

    def run(
        self, *, no_train: bool, no_backfill: bool, rescore_open: bool, seed: int, **options: Any
    ) -> str:
        summary = ""
        if not no_train:
            self.stdout.write("Training the risk model")
            row = risk_model_train(seed=seed, progress=self.progress)
            summary = (
                f"Risk model v{row.version}: {row.n_orders} orders, {row.n_decisions} "
                f"decisions, hold at score {row.hold_threshold:g}, {row.duration_seconds}s"
            )
        if not no_backfill:
            if summary:
                self.success(summary)
            self.stdout.write("Scoring orders")
            count = order_risk_backfill(rescore_open=rescore_open, progress=self.progress)
            summary = f"{count} orders scored"
        return summary
