"""Refreshing the demand forecasts: read the sales history, run the engine, swap the results.

A refresh is a new :class:`ForecastRun`. Its product forecasts are written and made current in
one transaction that also removes the previous run's rows, so staff see either the old set or
the new one, never a mix; a failure marks the run failed and leaves the previous set current.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shop.core.services import (
    Progress,
    quiet,
    run_fail,
    run_mark_succeeded,
    run_start,
    runs_prune,
)

from .engine import ForecastResult, StockAdvice, TierChoice, forecast_demand, stock_advice
from .models import ForecastRun, ProductForecast, StockStatus
from .selectors import SalesHistory, sales_history

HISTORY_DAYS = 364  # 52 whole weeks
WRITE_BATCH = 2_000
KEEP_RUNS = 60


def _finite(value: float) -> float | None:
    return None if math.isnan(value) or math.isinf(value) else round(float(value), 4)


def forecast_run_create() -> ForecastRun:
    """A new running run; runs left running by a worker that died long ago are failed first."""
    return run_start(model=ForecastRun)


def forecast_refresh(
    *, history_days: int = HISTORY_DAYS, today: date | None = None, progress: Progress = quiet
) -> ForecastRun:
    """Forecast every active product from its order history and make that the current set."""
    if history_days < 7:
        raise ValueError(_("The history must cover at least one week."))
    run = forecast_run_create()
    try:
        today = today or timezone.localdate()
        progress(_("Reading %(days)d days of sales") % {"days": history_days})
        sales = sales_history(today=today, history_days=history_days)
        progress(
            _("%(products)d products, %(units)d units sold")
            % {"products": sales.history.n_products, "units": sales.units}
        )
        progress(_("Backtesting the methods and forecasting"))
        result = forecast_demand(sales.history, sales.stock)
        for choice in result.choices:
            progress(
                _("%(tier)s sellers (%(n)d products): %(method)s")
                % {"tier": choice.tier, "n": choice.products, "method": choice.method}
            )
        advice = stock_advice(result, sales.stock, sales.lead_time_days)
        progress(_("Writing the forecasts"))
        _write_and_switch(run, sales, result, advice, history_days)
    except Exception as error:
        run_fail(run=run, error=f"{type(error).__name__}: {error}")
        raise
    forecast_runs_prune()
    return run


def _forecast_rows(
    run: ForecastRun, sales: SalesHistory, result: ForecastResult, advice: StockAdvice
) -> Iterator[ProductForecast]:
    for index, product_id in enumerate(sales.product_ids.tolist()):
        cover = _finite(float(result.days_of_cover[index]))
        yield ProductForecast(
            run=run,
            product_id=product_id,
            method=result.method[index],
            forecast_14d=round(float(result.forecast_14[index]), 3),
            forecast_30d=round(float(result.forecast_30[index]), 3),
            daily_rate=round(float(result.daily_rate[index]), 4),
            backtest_mae=_finite(float(result.backtest_mae[index])),
            backtest_mape=_finite(float(result.backtest_mape[index])),
            backtest_mase=_finite(float(result.backtest_mase[index])),
            stock_at_run=int(sales.stock[index]),
            days_of_cover=None if cover is None else round(cover, 2),
            stockout_date=None if cover is None else sales.today + timedelta(days=int(cover)),
            stock_status=StockStatus(advice.status[index]),
            reorder_quantity=int(advice.reorder_quantity[index]),
        )


def _write_and_switch(
    run: ForecastRun,
    sales: SalesHistory,
    result: ForecastResult,
    advice: StockAdvice,
    history_days: int,
) -> None:
    with transaction.atomic():
        rows = list(_forecast_rows(run, sales, result, advice))
        for start in range(0, len(rows), WRITE_BATCH):
            ProductForecast.objects.bulk_create(rows[start : start + WRITE_BATCH])
        _make_current(run, sales, result, rows, history_days)


def _make_current(
    run: ForecastRun,
    sales: SalesHistory,
    result: ForecastResult,
    rows: list[ProductForecast],
    history_days: int,
) -> None:
    """Inside the refresh's transaction: drop the previous forecasts, crown this run."""
    ProductForecast.objects.exclude(run=run).delete()
    ForecastRun.objects.select_for_update().filter(is_current=True).update(is_current=False)
    lead_times = dict(
        ProductForecast.objects.filter(run=run).values_list("product_id", "product__lead_time_days")
    )
    succeeded = run_mark_succeeded(run=run)
    run.is_current = True
    run.history_days = history_days
    run.n_products = len(rows)
    run.n_with_demand = sum(1 for row in rows if row.forecast_30d > 0)
    run.n_low_stock = sum(
        1
        for row in rows
        if row.stock_at_run > 0
        and row.days_of_cover is not None
        and row.days_of_cover <= lead_times[row.product_id]
    )
    run.units_in_history = sales.units
    run.backtest_origins = result.backtest_origins
    run.backtest_horizon_days = result.backtest_horizon
    run.mae = _finite(result.mae)
    run.mape = _finite(result.mape)
    run.baseline_mae = _finite(result.baseline_mae)
    run.baseline_mape = _finite(result.baseline_mape)
    run.mase = _finite(result.mase)
    run.baseline_mase = _finite(result.baseline.mase)
    run.zero_mase = _finite(result.zero.mase)
    run.method = _method_label(result.choices)
    run.methods = {
        choice.tier: {
            **_tier_summary(choice),
            "candidates": {
                name: {"mae": _finite(e.mae), "mape": _finite(e.wape), "mase": _finite(e.mase)}
                for name, e in choice.errors.items()
            },
        }
        for choice in result.choices
    }
    run.point_method = _method_label(result.point_choices)
    run.point_mae = _finite(result.point.mae)
    run.point_wape = _finite(result.point.wape)
    run.point_mase = _finite(result.point.mase)
    run.point_methods = {choice.tier: _tier_summary(choice) for choice in result.point_choices}
    run.save(
        update_fields=[
            *succeeded,
            "is_current",
            "history_days",
            "n_products",
            "n_with_demand",
            "n_low_stock",
            "units_in_history",
            "backtest_origins",
            "backtest_horizon_days",
            "mae",
            "mape",
            "baseline_mae",
            "baseline_mape",
            "mase",
            "baseline_mase",
            "zero_mase",
            "method",
            "methods",
            "point_method",
            "point_mae",
            "point_wape",
            "point_mase",
            "point_methods",
        ]
    )


def _method_label(choices: tuple[TierChoice, ...]) -> str:
    """ "regular: sba+ses; intermittent: croston": the tiers that have products."""
    return "; ".join(f"{c.tier}: {c.method}" for c in choices if c.products)[:200]


def _tier_summary(choice: TierChoice) -> dict[str, Any]:
    """A tier's method, products and the backtest MAE, WAPE and MASE of what it ships."""
    combined = choice.combined
    return {
        "method": choice.method,
        "products": choice.products,
        "mae": None if combined is None else _finite(combined.mae),
        "mase": None if combined is None else _finite(combined.mase),
        "wape": None if combined is None else _finite(combined.wape),
    }


def forecast_runs_prune(*, keep: int | None = None) -> int:
    """Delete all but the newest ``keep`` finished runs (never the current one)."""
    keep = keep if keep is not None else getattr(settings, "FORECAST_KEEP_RUNS", KEEP_RUNS)
    current = set(ForecastRun.objects.filter(is_current=True).values_list("pk", flat=True))
    return runs_prune(model=ForecastRun, keep=keep, protected=current)
