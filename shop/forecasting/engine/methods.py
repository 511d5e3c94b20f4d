"""Candidate forecasting methods, each vectorised over every product at once.

A method maps a :class:`DemandHistory` and a horizon to a products x horizon array of expected
daily units. Most products of a shop sell a unit now and then, far too rarely to estimate a
weekly rhythm or a trend of their own; so the weekday profile and the growth rate are estimated
on the whole shop's sales (pooled) and applied to each product's own smoothed level.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

# Weeks of pooled sales the weekday profile is estimated from, and how many units of "flat
# week" it is shrunk towards, so that a shop with few sales gets a nearly flat profile.
PROFILE_WEEKS = 12
PROFILE_PRIOR_UNITS = 30.0
# Half-lives (days) of the two pooled levels whose ratio gives the growth rate.
TREND_FAST_HALF_LIFE, TREND_SLOW_HALF_LIFE = 14.0, 56.0
TREND_WINDOW_DAYS = 168
# A growth rate beyond +-2% a day is noise, not trend; damping makes it fade out over a month.
MAX_DAILY_GROWTH = 0.02
DAMPING = 0.97
MOVING_AVERAGE_DAYS = 28


@dataclass(frozen=True, slots=True)
class DemandHistory:
    """Units sold per product and day; ``start_weekday`` is the weekday (0 = Monday) of column 0.

    ``first_day[i]`` is the first column product ``i`` was on sale; it may be ``n_days`` for a
    product listed today.
    """

    units: FloatArray
    first_day: IntArray
    start_weekday: int

    def __post_init__(self) -> None:
        if self.units.ndim != 2:
            raise ValueError("units must be a products x days matrix")
        if self.first_day.shape != (self.units.shape[0],):
            raise ValueError("first_day needs one entry per product")
        if np.any(self.units < 0):
            raise ValueError("units sold cannot be negative")

    @property
    def n_products(self) -> int:
        return int(self.units.shape[0])

    @property
    def n_days(self) -> int:
        return int(self.units.shape[1])

    def weekdays(self, start: int, stop: int) -> IntArray:
        """Weekday of columns ``start`` to ``stop - 1`` (columns beyond the end are future days)."""
        return np.asarray((self.start_weekday + np.arange(start, stop)) % 7, dtype=np.int64)

    def until(self, day: int) -> DemandHistory:
        """The history as it was known before column ``day`` (for backtesting)."""
        return DemandHistory(self.units[:, :day], self.first_day, self.start_weekday)

    def available(self, start: int = 0) -> npt.NDArray[np.bool_]:
        """Products x days (from column ``start``) mask of days each product was on sale."""
        columns = np.arange(start, self.n_days)
        return np.asarray(columns[None, :] >= self.first_day[:, None])


Method = Callable[[DemandHistory, int], FloatArray]


def seasonal_naive(history: DemandHistory, horizon: int) -> FloatArray:
    """The baseline: last week's sales repeated, weekday by weekday."""
    if history.n_days < 7:
        return np.zeros((history.n_products, horizon))
    last_week = history.units[:, -7:]
    return np.asarray(last_week[:, np.arange(horizon) % 7], dtype=np.float64)


def moving_average(
    history: DemandHistory, horizon: int, days: int = MOVING_AVERAGE_DAYS
) -> FloatArray:
    """Mean daily sales over the last ``days`` days on sale, flat over the horizon."""
    start = max(0, history.n_days - days)
    on_sale = history.available(start)
    sold = np.where(on_sale, history.units[:, start:], 0.0).sum(axis=1)
    rate = sold / np.maximum(on_sale.sum(axis=1), 1)
    return np.repeat(rate[:, None], horizon, axis=1)


def weekday_profile(history: DemandHistory, weeks: int = PROFILE_WEEKS) -> FloatArray:
    """Pooled sales per weekday relative to an average day (mean 1), shrunk towards flat.

    Uses whole weeks only, so every weekday is counted equally often and a trend cannot
    masquerade as a weekday effect.
    """
    days = min(weeks, history.n_days // 7) * 7
    if days == 0:
        return np.ones(7)
    totals = history.units[:, -days:].sum(axis=0)
    by_weekday = np.bincount(history.weekdays(history.n_days - days, history.n_days), totals, 7)
    expected = by_weekday.sum() / 7.0
    prior = PROFILE_PRIOR_UNITS / 7.0
    profile = (by_weekday + prior) / (expected + prior)
    return np.asarray(profile / profile.mean(), dtype=np.float64)


def _decay_weights(n_days: int, half_life: float) -> tuple[FloatArray, FloatArray]:
    """Exponential weights for the last ``n_days`` columns (oldest first) and their ages."""
    ages = np.arange(n_days - 1, -1, -1, dtype=np.float64)
    return 0.5 ** (ages / half_life), ages


def _smoothed_level(
    history: DemandHistory, profile: FloatArray, half_life: float
) -> tuple[FloatArray, FloatArray]:
    """Per product: exponentially weighted mean of weekday-adjusted daily sales over the days
    it was on sale, and the weighted mean age (days) of that estimate."""
    window = min(history.n_days, int(half_life * 8))
    start = history.n_days - window
    weights, ages = _decay_weights(window, half_life)
    on_sale = history.available(start)
    adjusted = history.units[:, start:] / profile[history.weekdays(start, history.n_days)]
    w = np.where(on_sale, weights[None, :], 0.0)
    total = w.sum(axis=1)
    safe = np.maximum(total, 1e-12)
    level = np.where(total > 0, (w * adjusted).sum(axis=1) / safe, 0.0)
    age = np.where(total > 0, (w * ages[None, :]).sum(axis=1) / safe, 0.0)
    return level, age


def pooled_growth(history: DemandHistory, profile: FloatArray) -> float:
    """The shop's daily growth rate: log ratio of a fast and a slow smoothed level of its total
    weekday-adjusted sales, divided by how much older the slow one's information is."""
    window = min(history.n_days, TREND_WINDOW_DAYS)
    if window < 28:
        return 0.0
    start = history.n_days - window
    totals = history.units[:, start:].sum(axis=0) / profile[history.weekdays(start, history.n_days)]
    levels, ages = [], []
    for half_life in (TREND_FAST_HALF_LIFE, TREND_SLOW_HALF_LIFE):
        weights, age = _decay_weights(window, half_life)
        levels.append(float((weights * totals).sum() / weights.sum()))
        ages.append(float((weights * age).sum() / weights.sum()))
    if min(levels) <= 0 or ages[1] <= ages[0]:
        return 0.0
    growth = np.log(levels[0] / levels[1]) / (ages[1] - ages[0])
    return float(np.clip(growth, -MAX_DAILY_GROWTH, MAX_DAILY_GROWTH))


def profile_level(
    history: DemandHistory, horizon: int, half_life: float = 21.0, trend: bool = True
) -> FloatArray:
    """Pooled weekday profile x the product's smoothed level x a pooled damped trend.

    The smoothed level describes demand ``age`` days ago; with a trend it is first carried
    forward to today, then grown by a damped rate over the horizon (day h grows by
    ``rate * (phi + phi^2 + ... + phi^h)``), and finally shaped by the weekday profile.
    """
    profile = weekday_profile(history)
    level, age = _smoothed_level(history, profile, half_life)
    growth = pooled_growth(history, profile) if trend else 0.0
    steps = np.cumsum(DAMPING ** np.arange(1, horizon + 1))
    today = level * np.exp(growth * age)
    shape = profile[history.weekdays(history.n_days, history.n_days + horizon)]
    return np.asarray(today[:, None] * np.exp(growth * steps)[None, :] * shape[None, :])


def nothing(history: DemandHistory, horizon: int) -> FloatArray:
    """No sales at all: the median of a fortnight's sales for a product that sells less than
    once a fortnight, so, under absolute error, a rival every rate forecast must beat."""
    return np.zeros((history.n_products, horizon))


SEASONAL_NAIVE = "seasonal_naive"
# Forecasts nothing; a candidate for the point forecast, never for stock planning.
NOTHING = "nothing"
