"""Train the order-risk model on the shop's history and staff decisions, then score orders."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shop.risk.services import order_risk_backfill, risk_model_train


class Command(BaseCommand):
    help = (
        "(Re)calibrate the order-risk model on all orders and staff decisions, then score every "
        "order that has no risk score yet."
    )

    def add_arguments(self, parser: CommandParser) -> None:
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
        parser.add_argument("--seed", type=int, default=8, help="Seed of the forest (default 8).")

    def handle(
        self,
        *args: Any,
        no_train: bool,
        no_backfill: bool,
        rescore_open: bool,
        seed: int,
        **options: Any,
    ) -> None:
        if no_train and no_backfill:
            raise CommandError("--no-train and --no-backfill together leave nothing to do")
        if seed < 0:
            raise CommandError("--seed must be 0 or more")

        def progress(message: str) -> None:
            self.stdout.write(f"  {message}")
            self.stdout.flush()

        if not no_train:
            self.stdout.write("Training the risk model")
            row = risk_model_train(seed=seed, progress=progress)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Risk model v{row.version}: {row.n_orders} orders, {row.n_decisions} "
                    f"decisions, hold at score {row.hold_threshold:g}, {row.duration_ms} ms"
                )
            )
        if not no_backfill:
            self.stdout.write("Scoring orders")
            count = order_risk_backfill(rescore_open=rescore_open, progress=progress)
            self.stdout.write(self.style.SUCCESS(f"{count} orders scored"))
