"""The whole forecast: backtest the candidates, pick one per demand tier, forecast with it.

Products are split into "regular" sellers (at least a unit a week lately) and "intermittent"
ones, because what works for one (reacting fast) can hurt the other (chasing single sales).
The method with the lowest backtest error on each tier's products wins that tier; the
choice is made on the shop's own recent history, so it adapts when the shop changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from .backtest import BacktestScores, backtest
from .methods import METHODS, SEASONAL_NAIVE, DemandHistory, FloatArray, Method

TIER_WINDOW_DAYS = 56
REGULAR_MIN_UNITS = 8.0
REGULAR, INTERMITTENT = "regular", "intermittent"
TIERS = (REGULAR, INTERMITTENT)
DEFAULT_METHOD = "weekday_level_trend"
NO_HISTORY, NO_SALES = "no_history", "no_sales"
SHORT_HORIZON, LONG_HORIZON = 14, 30


@dataclass(frozen=True, slots=True)
class TierChoice:
    """The method chosen for a tier, with every candidate's backtest MAE and MAPE (WAPE)."""

    tier: str
    method: str
    products: int
    scores: dict[str, tuple[float, float]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, eq=False)
class ForecastResult:
    """Per product forecasts (arrays aligned with the history's rows) and the run's summary.

    ``backtest_mape`` and ``days_of_cover`` are NaN where undefined: no sales in the backtest
    windows, or no demand expected, so the stock never runs out.
    """

    daily: FloatArray
    method: list[str]
    forecast_14: FloatArray
    forecast_30: FloatArray
    daily_rate: FloatArray
    backtest_mae: FloatArray
    backtest_mape: FloatArray
    days_of_cover: FloatArray
    choices: tuple[TierChoice, ...]
    backtest_origins: int
    backtest_horizon: int
    mae: float
    mape: float
    baseline_mae: float
    baseline_mape: float

    @property
    def beats_baseline(self) -> bool:
        return bool(self.backtest_origins) and self.mae < self.baseline_mae


def regular_sellers(history: DemandHistory) -> npt.NDArray[np.bool_]:
    """Products that sold at least a unit a week on average over the last eight weeks."""
    recent = history.units[:, max(0, history.n_days - TIER_WINDOW_DAYS) :]
    return np.asarray(recent.sum(axis=1) >= REGULAR_MIN_UNITS)


def days_of_cover(daily: FloatArray, stock: FloatArray, daily_rate: FloatArray) -> FloatArray:
    """Days until the forecast demand uses up the stock (fractional; NaN if it never does).

    Walks the daily forecast (so the weekly rhythm counts) and continues at ``daily_rate``
    beyond its end. Stock at or below zero with demand expected gives 0.
    """
    cumulative = np.cumsum(daily, axis=1)
    horizon = daily.shape[1]
    reached = cumulative >= stock[:, None]
    found = reached.any(axis=1)
    day = np.argmax(reached, axis=1)
    rows = np.arange(daily.shape[0])
    before = np.where(day > 0, cumulative[rows, np.maximum(day - 1, 0)], 0.0)
    within = day + (stock - before) / np.maximum(daily[rows, day], 1e-12)
    beyond = horizon + (stock - cumulative[:, -1]) / np.maximum(daily_rate, 1e-12)
    cover = np.where(found, within, np.where(daily_rate > 0, beyond, np.nan))
    cover = np.where(stock <= 0, np.where(daily_rate > 0, 0.0, np.nan), cover)
    return np.asarray(np.maximum(cover, 0.0), dtype=np.float64)


def forecast_demand(
    history: DemandHistory,
    stock: FloatArray,
    *,
    methods: Mapping[str, Method] = METHODS,
    backtest_origins: int = 6,
) -> ForecastResult:
    """Backtest every method, choose one per tier, forecast 30 days with it."""
    if SEASONAL_NAIVE not in methods:
        raise ValueError("the seasonal naive baseline must be among the methods")
    if stock.shape != (history.n_products,):
        raise ValueError("stock needs one entry per product")
    scores = backtest(history, methods, horizon=SHORT_HORIZON, origins=backtest_origins)
    regular_now = regular_sellers(history)
    chosen, choices = _choose(history, scores, regular_now, methods)

    daily = np.zeros((history.n_products, LONG_HORIZON))
    method_of = np.where(regular_now, chosen[REGULAR], chosen[INTERMITTENT]).astype(object)
    for name in {chosen[REGULAR], chosen[INTERMITTENT]}:
        rows = method_of == name
        if rows.any():
            daily[rows] = methods[name](history, LONG_HORIZON)[rows]
    never_listed = history.first_day >= history.n_days
    on_sale = history.available()
    never_sold = ~never_listed & (np.where(on_sale, history.units, 0.0).sum(axis=1) == 0)
    method_of[never_listed] = NO_HISTORY
    method_of[never_sold] = NO_SALES
    # A product with nothing to go on is forecast zero, whatever a method extrapolates.
    daily[never_listed] = 0.0

    forecast_30 = daily.sum(axis=1)
    daily_rate = forecast_30 / LONG_HORIZON
    mae, mape, baseline_mae, baseline_mape = (float("nan"),) * 4
    backtest_mae = np.full(history.n_products, np.nan)
    backtest_mape = np.full(history.n_products, np.nan)
    if scores is not None:
        shipped = _shipped_errors(history, scores, chosen)
        backtest_mae = shipped.mean(axis=0)
        sold = scores.actual.sum(axis=0)
        backtest_mape = np.where(sold > 0, shipped.sum(axis=0) / np.maximum(sold, 1e-12), np.nan)
        mae, mape = scores.mae(shipped), scores.wape(shipped)
        baseline = scores.errors[SEASONAL_NAIVE]
        baseline_mae, baseline_mape = scores.mae(baseline), scores.wape(baseline)
    return ForecastResult(
        daily=daily,
        method=[str(name) for name in method_of],
        forecast_14=daily[:, :SHORT_HORIZON].sum(axis=1),
        forecast_30=forecast_30,
        daily_rate=daily_rate,
        backtest_mae=backtest_mae,
        backtest_mape=backtest_mape,
        days_of_cover=days_of_cover(daily, stock.astype(np.float64), daily_rate),
        choices=choices,
        backtest_origins=0 if scores is None else int(scores.origins.size),
        backtest_horizon=SHORT_HORIZON,
        mae=mae,
        mape=mape,
        baseline_mae=baseline_mae,
        baseline_mape=baseline_mape,
    )


def _tiers_at_origins(history: DemandHistory, scores: BacktestScores) -> npt.NDArray[np.bool_]:
    """Origins x products: was the product a regular seller as seen at that origin?"""
    return np.stack([regular_sellers(history.until(int(cut))) for cut in scores.origins])


def _choose(
    history: DemandHistory,
    scores: BacktestScores | None,
    regular_now: npt.NDArray[np.bool_],
    methods: Mapping[str, Method],
) -> tuple[dict[str, str], tuple[TierChoice, ...]]:
    default = DEFAULT_METHOD if DEFAULT_METHOD in methods else next(iter(methods))
    counts = {REGULAR: int(regular_now.sum()), INTERMITTENT: int((~regular_now).sum())}
    if scores is None:
        return {t: default for t in TIERS}, tuple(TierChoice(t, default, counts[t]) for t in TIERS)
    regular_then = _tiers_at_origins(history, scores)
    chosen: dict[str, str] = {}
    choices = []
    for tier in TIERS:
        mask = regular_then if tier == REGULAR else ~regular_then
        tier_scores = {
            name: (scores.mae(errors, mask), scores.wape(errors, mask))
            for name, errors in scores.errors.items()
        }
        total = {name: float(errors[mask].sum()) for name, errors in scores.errors.items()}
        # Ties (e.g. a tier with no sales at all) go to the default, not to the baseline.
        best = min(total, key=lambda name: (total[name], name != default))
        chosen[tier] = best if mask.any() else default
        choices.append(TierChoice(tier, chosen[tier], counts[tier], tier_scores))
    return chosen, tuple(choices)


def _shipped_errors(
    history: DemandHistory, scores: BacktestScores, chosen: dict[str, str]
) -> FloatArray:
    """The backtest errors of the method each product got at each origin."""
    regular_then = _tiers_at_origins(history, scores)
    return np.where(
        regular_then, scores.errors[chosen[REGULAR]], scores.errors[chosen[INTERMITTENT]]
    )
