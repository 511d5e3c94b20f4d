"""Rolling-origin backtest: pretend it is an earlier day, forecast, compare with what sold.

Errors are measured on each product's total over the horizon (what a buyer orders against),
not day by day: most products sell zero on most days, and day-level absolute errors would
reward forecasting zero for everything. Two figures come out of it:

* MAE: mean absolute error of the horizon total, in units, over products and origins;
* MAPE, defined WAPE-style: the sum of those absolute errors over the sum of actual totals.
  The textbook per-period MAPE divides by each actual and is undefined or explosive for
  products that sold 0 or 1 units; WAPE weights each product by its volume instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .methods import DemandHistory, FloatArray, IntArray, Method

MIN_TRAINING_DAYS = 28


@dataclass(frozen=True, slots=True, eq=False)
class BacktestScores:
    """Per origin x product: the actual horizon total and each method's absolute error."""

    origins: IntArray
    horizon: int
    actual: FloatArray
    errors: Mapping[str, FloatArray]

    def mae(self, errors: FloatArray, mask: np.ndarray | None = None) -> float:
        chosen = errors if mask is None else errors[mask]
        return float(chosen.mean()) if chosen.size else float("nan")

    def wape(self, errors: FloatArray, mask: np.ndarray | None = None) -> float:
        actual = self.actual if mask is None else self.actual[mask]
        chosen = errors if mask is None else errors[mask]
        total = float(actual.sum())
        return float(chosen.sum()) / total if total > 0 else float("nan")


def horizon_errors(forecast: FloatArray, actual: FloatArray) -> FloatArray:
    """Absolute error of each product's horizon total (forecast and actual: products x days)."""
    return np.asarray(np.abs(forecast.sum(axis=1) - actual.sum(axis=1)), dtype=np.float64)


def backtest(
    history: DemandHistory,
    methods: Mapping[str, Method],
    *,
    horizon: int = 14,
    origins: int = 6,
    step: int = 7,
) -> BacktestScores | None:
    """Forecast from ``origins`` cut-off days, ``step`` days apart, the latest ``horizon`` days
    before the end; None when the history is too short for even one origin."""
    latest = history.n_days - horizon
    cuts = [latest - step * k for k in range(origins) if latest - step * k >= MIN_TRAINING_DAYS]
    if not cuts:
        return None
    cut_array = np.array(sorted(cuts), dtype=np.int64)
    actual = np.empty((cut_array.size, history.n_products))
    errors = {name: np.empty_like(actual) for name in methods}
    for row, cut in enumerate(cut_array.tolist()):
        known = history.until(cut)
        truth = history.units[:, cut : cut + horizon]
        # Products listed after the cut are not forecast there and do not count.
        truth = np.where(history.first_day[:, None] < cut, truth, 0.0)
        actual[row] = truth.sum(axis=1)
        for name, method in methods.items():
            errors[name][row] = horizon_errors(method(known, horizon), truth)
    return BacktestScores(cut_array, horizon, actual, errors)
