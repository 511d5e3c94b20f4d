"""Refresh the demand forecasts now (in this process) or queue it for the workers."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shop.forecasting.services import (
    HISTORY_DAYS,
    ForecastQueueUnavailable,
    forecast_refresh,
    forecast_refresh_enqueue,
)


class Command(BaseCommand):
    help = "Forecast every product's demand from its order history and flag low stock."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--async", action="store_true", dest="run_async", help="Queue it.")
        parser.add_argument(
            "--history-days",
            type=int,
            default=HISTORY_DAYS,
            help=f"Days of sales to learn from (default {HISTORY_DAYS}).",
        )

    def handle(self, *args: Any, run_async: bool, history_days: int, **options: Any) -> None:
        if run_async:
            try:
                forecast_refresh_enqueue()
            except ForecastQueueUnavailable as error:
                raise CommandError(str(error)) from error
            self.stdout.write(self.style.SUCCESS("Forecast refresh queued for the Celery workers."))
            return
        if history_days < 7:
            raise CommandError("--history-days must be at least 7")

        def progress(message: str) -> None:
            self.stdout.write(f"  {message}")
            self.stdout.flush()

        run = forecast_refresh(history_days=history_days, progress=progress)
        figures = (
            f"backtest MAE {run.mae:.3f} (seasonal naive {run.baseline_mae:.3f}), "
            f"MAPE {run.mape:.3f} (seasonal naive {run.baseline_mape:.3f})"
            if run.mae is not None
            and run.baseline_mae is not None
            and run.mape is not None
            and run.baseline_mape is not None
            else "not enough history to backtest"
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Forecast run {run.pk} current: {run.n_products} products, "
                f"{run.n_low_stock} low on stock soon; {figures}; {run.duration_seconds}s."
            )
        )
