"""Forecasts for intermittent demand: Croston, its bias-corrected SBA, and TSB.

Most of a shop's products sell a unit now and then. Croston's method smooths the size of the
sales and the interval between them separately, so a long run of zeros does not drag the
estimate of "how much when it sells" towards nothing. Its rate ``size / interval`` is biased
upwards; Syntetos and Boylan's approximation (SBA) multiplies it by ``1 - alpha / 2``. TSB
(Teunter, Syntetos and Babai) smooths the probability of a sale every day instead of the
interval, so a product that stopped selling fades out rather than keeping its last rate.

All three are vectorised over products: one pass over the days, every product at once, each
starting from the day it was listed. They forecast a flat daily rate; the shop's weekday
rhythm is applied on top (see ``methods.weekday_profile``).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import numpy.typing as npt

from .methods import DemandHistory, FloatArray, weekday_profile

BoolArray = npt.NDArray[np.bool_]

CROSTON_ALPHA = 0.1
TSB_ALPHA, TSB_BETA = 0.1, 0.05


def _sales(history: DemandHistory) -> Iterator[tuple[BoolArray, FloatArray, BoolArray, BoolArray]]:
    """Day by day: (on sale, units, first sale, a later sale) for every product."""
    started = np.zeros(history.n_products, dtype=bool)
    for day in range(history.n_days):
        on_sale = history.first_day <= day
        units = history.units[:, day]
        sold = on_sale & (units > 0)
        yield on_sale, units, sold & ~started, sold & started
        started |= sold


def _smooth(
    value: FloatArray, target: FloatArray, first: BoolArray, again: BoolArray, alpha: float
) -> FloatArray:
    """Start at ``target`` on a first sale, move ``alpha`` of the way there on a later one."""
    return np.where(first, target, np.where(again, value + alpha * (target - value), value))


def croston_rate(history: DemandHistory, alpha: float = CROSTON_ALPHA) -> FloatArray:
    """Per product, Croston's smoothed units per day (0 for a product that never sold).

    Both estimates start from the first sale: its size, and the days from listing to it.
    """
    size, interval = np.zeros(history.n_products), np.ones(history.n_products)
    since = np.zeros(history.n_products)
    started = np.zeros(history.n_products, dtype=bool)
    for on_sale, units, first, again in _sales(history):
        since += on_sale
        size = _smooth(size, units, first, again, alpha)
        interval = _smooth(interval, since, first, again, alpha)
        started |= first
        since[first | again] = 0.0
    return np.where(started, size / np.maximum(interval, 1.0), 0.0)


def tsb_rate(
    history: DemandHistory, alpha: float = TSB_ALPHA, beta: float = TSB_BETA
) -> FloatArray:
    """Per product, TSB's smoothed probability of a sale times its smoothed size.

    The chance starts, like Croston's interval, at one over the days to the first sale, then
    moves every day on sale towards whether there was one.
    """
    chance, size = np.zeros(history.n_products), np.zeros(history.n_products)
    since = np.zeros(history.n_products)
    started = np.zeros(history.n_products, dtype=bool)
    for on_sale, units, first, again in _sales(history):
        since += on_sale
        size = _smooth(size, units, first, again, alpha)
        daily = started & on_sale
        chance = np.where(
            first,
            1.0 / np.maximum(since, 1.0),
            np.where(daily, chance + beta * (again - chance), chance),
        )
        started |= first
    return chance * size


def _shaped(history: DemandHistory, rate: FloatArray, horizon: int) -> FloatArray:
    profile = weekday_profile(history)
    shape = profile[history.weekdays(history.n_days, history.n_days + horizon)]
    return np.asarray(rate[:, None] * shape[None, :], dtype=np.float64)


def croston(history: DemandHistory, horizon: int, alpha: float = CROSTON_ALPHA) -> FloatArray:
    return _shaped(history, croston_rate(history, alpha), horizon)


def sba(history: DemandHistory, horizon: int, alpha: float = CROSTON_ALPHA) -> FloatArray:
    return _shaped(history, (1.0 - alpha / 2.0) * croston_rate(history, alpha), horizon)


def tsb(
    history: DemandHistory, horizon: int, alpha: float = TSB_ALPHA, beta: float = TSB_BETA
) -> FloatArray:
    return _shaped(history, tsb_rate(history, alpha, beta), horizon)
