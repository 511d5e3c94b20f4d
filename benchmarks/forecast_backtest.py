"""Backtest of the demand forecast against the seasonal naive baseline on demo orders.

Usage: python benchmarks/forecast_backtest.py [--size small|medium|large] [--seed N] [--cuts N]

Orders come from the framework-free demo generator (no database); paid, shipped and delivered
orders count as demand. Two evaluations:

* in-run: the engine's own rolling-origin backtest (6 origins a week apart, 14-day horizon),
  as stored on every forecast run and shown in the admin; the method per demand tier is
  chosen on these same windows.
* held out: the whole engine (backtest, choice of method, forecast) is run as of ``--cuts``
  earlier days, two weeks apart, and scored on the 14 days that followed each, which it never
  saw. This is the honest figure; PASS means it beats seasonal naive on both MAE and MAPE.

MAE is the mean absolute error of each product's 14-day total in units; MAPE is WAPE-style,
sum of absolute errors over units actually sold (per-product MAPE is undefined at zero sales).
The shop-wide daily MAE shows the weekday rhythm: a flat forecast cannot get it right.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from shop.demo.engine import ORDER_STATUSES, generate
from shop.forecasting.engine import METHODS, SEASONAL_NAIVE, DemandHistory, forecast_demand
from shop.forecasting.engine.history import history_from_days_ago

HISTORY_DAYS = 364
HORIZON = 14


def demo_history(size: str, seed: int) -> tuple[DemandHistory, np.ndarray]:
    shop = generate(size, seed=seed)
    orders = shop.order_arrays
    demand = [ORDER_STATUSES.index(status) for status in ("paid", "shipped", "delivered")]
    counted = np.isin(orders.status[orders.line_order], demand)
    history = history_from_days_ago(
        orders.line_product[counted],
        orders.days_ago[orders.line_order][counted],
        orders.line_quantity[counted],
        listed_days_ago=np.array([p.created_days_ago for p in shop.products]),
        n_days=HISTORY_DAYS,
    )
    return history, np.array([p.stock for p in shop.products], dtype=np.float64)


def held_out(history: DemandHistory, stock: np.ndarray, cuts: int) -> dict[str, list[float]]:
    """Absolute errors and actuals of the shipped forecast and the baseline after each cut."""
    figures: dict[str, list[float]] = {
        "shipped": [],
        "baseline": [],
        "actual": [],
        "daily_shipped": [],
        "daily_baseline": [],
    }
    baseline = METHODS[SEASONAL_NAIVE]
    for k in range(cuts):
        cut = history.n_days - HORIZON - 2 * 7 * k
        known = history.until(cut)
        listed = history.first_day < cut
        truth = np.where(listed[:, None], history.units[:, cut : cut + HORIZON], 0.0)
        shipped = forecast_demand(known, stock).daily[:, :HORIZON]
        naive = baseline(known, HORIZON)
        figures["actual"] += truth.sum(axis=1).tolist()
        figures["shipped"] += np.abs(shipped.sum(axis=1) - truth.sum(axis=1)).tolist()
        figures["baseline"] += np.abs(naive.sum(axis=1) - truth.sum(axis=1)).tolist()
        figures["daily_shipped"] += np.abs(shipped.sum(axis=0) - truth.sum(axis=0)).tolist()
        figures["daily_baseline"] += np.abs(naive.sum(axis=0) - truth.sum(axis=0)).tolist()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="medium", choices=("small", "medium", "large"))
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--cuts", type=int, default=4)
    args = parser.parse_args()

    started = time.perf_counter()
    history, stock = demo_history(args.size, args.seed)
    print(
        f"{args.size} demo (seed {args.seed}): {history.n_products} products, "
        f"{int(history.units.sum())} units sold over {history.n_days} days"
    )
    run_started = time.perf_counter()
    result = forecast_demand(history, stock)
    run_seconds = time.perf_counter() - run_started
    print(
        f"\nIn-run backtest ({result.backtest_origins} origins, 14-day totals), {run_seconds:.2f}s"
    )
    for choice in result.choices:
        print(f"  {choice.tier} sellers ({choice.products} products): chose {choice.method}")
        for name, (mae, mape) in choice.scores.items():
            print(f"    {name:26s} MAE {mae:7.3f}  MAPE {mape:6.3f}")
    print(
        f"  shipped        MAE {result.mae:.3f}  MAPE {result.mape:.3f}\n"
        f"  seasonal naive MAE {result.baseline_mae:.3f}  MAPE {result.baseline_mape:.3f}"
    )

    figures = held_out(history, stock, args.cuts)
    actual = float(np.sum(figures["actual"]))
    mae, base_mae = float(np.mean(figures["shipped"])), float(np.mean(figures["baseline"]))
    mape, base_mape = np.sum(figures["shipped"]) / actual, np.sum(figures["baseline"]) / actual
    daily, base_daily = np.mean(figures["daily_shipped"]), np.mean(figures["daily_baseline"])
    print(f"\nHeld out ({args.cuts} cuts two weeks apart, next 14 days, {actual:.0f} units)")
    print(f"  shipped        MAE {mae:.3f}  MAPE {mape:.3f}  shop-wide daily MAE {daily:.2f}")
    print(
        f"  seasonal naive MAE {base_mae:.3f}  MAPE {base_mape:.3f}  "
        f"shop-wide daily MAE {base_daily:.2f}"
    )
    beats = mae < base_mae and mape < base_mape
    print(
        f"\n{'PASS' if beats else 'FAIL'}: the shipped forecast "
        f"{'beats' if beats else 'does not beat'} seasonal naive on MAE and MAPE "
        f"({time.perf_counter() - started:.1f}s in all)"
    )
    return 0 if beats else 1


if __name__ == "__main__":
    raise SystemExit(main())
