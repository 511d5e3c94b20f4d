"""Rolling-origin backtest: pretend it is an earlier day, forecast, compare with what sold.

Errors are measured on each product's total over the horizon (what a buyer orders against),
not day by day: most products sell zero on most days, and day-level absolute errors would
reward forecasting zero for everything. Three figures come out of it:

* MAE: mean absolute error of the horizon total, in units, over products and origins;
* WAPE: the sum of those absolute errors over the sum of actual totals (each product weighs
  by its volume; the textbook MAPE divides by each actual and explodes at 0 or 1 units);
* MASE: each absolute error divided by the error the naive forecast ("the next horizon sells
  what the last one did") made on that product's history before the origin, averaged over
  products and origins. Below 1 beats naive; it is comparable across products of any volume.
  Products whose history gives no naive error (never sold, or never changed) are left out
  of MASE (they still count in MAE and WAPE).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .methods import DemandHistory, FloatArray, IntArray, Method

MIN_TRAINING_DAYS = 28
SCALE_BLOCK = 5_000


@dataclass(frozen=True, slots=True)
class Errors:
    mae: float
    wape: float
    mase: float


@dataclass(frozen=True, slots=True, eq=False)
class BacktestScores:
    """Per origin x product: the actual horizon total, the naive error scale as of that
    origin (NaN where undefined), each method's forecast total and its absolute error."""

    origins: IntArray
    horizon: int
    actual: FloatArray
    scale: FloatArray
    totals: Mapping[str, FloatArray]
    errors: Mapping[str, FloatArray]

    def mae(self, errors: FloatArray, mask: np.ndarray | None = None) -> float:
        chosen = errors if mask is None else errors[mask]
        return float(chosen.mean()) if chosen.size else float("nan")

    def wape(self, errors: FloatArray, mask: np.ndarray | None = None) -> float:
        actual = self.actual if mask is None else self.actual[mask]
        chosen = errors if mask is None else errors[mask]
        total = float(actual.sum())
        return float(chosen.sum()) / total if total > 0 else float("nan")

    def mase(self, errors: FloatArray, mask: np.ndarray | None = None) -> float:
        return mase(errors, self.scale, mask)

    def summary(self, errors: FloatArray, mask: np.ndarray | None = None) -> Errors:
        return Errors(self.mae(errors, mask), self.wape(errors, mask), self.mase(errors, mask))


def mase(errors: FloatArray, scale: FloatArray, mask: np.ndarray | None = None) -> float:
    """Mean of errors / scale over the cells (in ``mask``) whose scale is defined."""
    usable = np.isfinite(scale) & (scale > 0)
    if mask is not None:
        usable &= mask
    return float((errors[usable] / scale[usable]).mean()) if usable.any() else float("nan")


def horizon_errors(forecast: FloatArray, actual: FloatArray) -> FloatArray:
    """Absolute error of each product's horizon total (forecast and actual: products x days)."""
    return np.asarray(np.abs(forecast.sum(axis=1) - actual.sum(axis=1)), dtype=np.float64)


def naive_scale(history: DemandHistory, horizon: int) -> FloatArray:
    """Per product: the mean absolute error of "the next ``horizon`` days sell what the last
    ``horizon`` days did", over every such pair of windows while the product was on sale;
    NaN when it was on sale for less than two windows."""
    return naive_scales(history, horizon, [history.n_days])[0]


def naive_scales(history: DemandHistory, horizon: int, cuts: Sequence[int]) -> FloatArray:
    """``naive_scale`` as of each cut (cuts x products), in one pass over the history and in
    blocks of products, so a catalogue of 50,000 needs neither six passes nor gigabytes."""
    out = np.full((len(cuts), history.n_products), np.nan)
    ends = np.arange(2 * horizon, history.n_days + 1)
    if ends.size == 0:
        return out
    for start in range(0, history.n_products, SCALE_BLOCK):
        rows = slice(start, start + SCALE_BLOCK)
        units = history.units[rows]
        cumulative = np.concatenate([np.zeros((units.shape[0], 1)), np.cumsum(units, axis=1)], 1)
        later = cumulative[:, ends] - cumulative[:, ends - horizon]
        earlier = cumulative[:, ends - horizon] - cumulative[:, ends - 2 * horizon]
        valid = (ends - 2 * horizon)[None, :] >= history.first_day[rows, None]
        # Running totals over the window ends, so each cut reads its own prefix.
        errors = np.cumsum(np.where(valid, np.abs(later - earlier), 0.0), axis=1)
        counts = np.cumsum(valid, axis=1)
        for k, cut in enumerate(cuts):
            last = int(np.searchsorted(ends, cut, side="right")) - 1
            if last < 0:
                continue
            n = counts[:, last]
            out[k, rows] = np.where(n > 0, errors[:, last] / np.maximum(n, 1), np.nan)
    return out


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
    scale = naive_scales(history, horizon, cut_array.tolist())
    totals = {name: np.empty_like(actual) for name in methods}
    for row, cut in enumerate(cut_array.tolist()):
        known = history.until(cut)
        truth = history.units[:, cut : cut + horizon]
        # Products listed after the cut are not forecast there and do not count.
        listed = history.first_day < cut
        truth = np.where(listed[:, None], truth, 0.0)
        actual[row] = truth.sum(axis=1)
        scale[row] = np.where(listed, scale[row], np.nan)
        for name, method in methods.items():
            totals[name][row] = method(known, horizon).sum(axis=1)
    errors = {name: np.abs(total - actual) for name, total in totals.items()}
    return BacktestScores(cut_array, horizon, actual, scale, totals, errors)
