"""Refresh the demand forecasts now (in this process) or queue it for the workers."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from shop.core.commands import RunCommand
from shop.forecasting.services import HISTORY_DAYS, forecast_refresh
from shop.forecasting.tasks import FORECAST_REFRESH


class Command(RunCommand):
    kind = FORECAST_REFRESH

    def add_run_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--history-days",
            type=int,
            default=HISTORY_DAYS,
            help=f"Days of sales to learn from (default {HISTORY_DAYS}).",
        )

    def check_options(self, *, run_async: bool, history_days: int, **options: Any) -> None:
        if run_async and history_days != HISTORY_DAYS:
            raise CommandError("--history-days applies in this process only, not with --async")
        if history_days < 7:
            raise CommandError("--history-days must be at least 7")

    def run(self, *, history_days: int, **options: Any) -> str:
        run = forecast_refresh(history_days=history_days, progress=self.progress)
        figures = (
            f"backtest MASE {run.mase:.3f} (seasonal naive {run.baseline_mase:.3f}), "
            f"WAPE {run.mape:.3f} (seasonal naive {run.baseline_mape:.3f}); {run.method}"
            if run.mase is not None
            and run.baseline_mase is not None
            and run.mape is not None
            and run.baseline_mape is not None
            else "not enough history to backtest"
        )
        return (
            f"Forecast run {run.pk} current: {run.n_products} products, "
            f"{run.n_low_stock} low on stock soon; {figures}; {run.duration_seconds}s."
        )
