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

import numpy as np

from .methods import DemandHistory, FloatArray, weekday_profile

CROSTON_ALPHA = 0.1
TSB_ALPHA, TSB_BETA = 0.1, 0.05


def croston_rate(history: DemandHistory, alpha: float = CROSTON_ALPHA) -> FloatArray:
    """Per product, Croston's smoothed units per day (0 for a product that never sold).

    Both estimates start from the first sale: its size, and the days from listing to it.
    """
    n = history.n_products
    size, interval = np.zeros(n), np.ones(n)
    since = np.zeros(n)
    started = np.zeros(n, dtype=bool)
    for day in range(history.n_days):
        on_sale = history.first_day <= day
        since += on_sale
        units = history.units[:, day]
        sold = on_sale & (units > 0)
        first = sold & ~started
        again = sold & started
        size = np.where(first, units, np.where(again, size + alpha * (units - size), size))
        interval = np.where(
            first, since, np.where(again, interval + alpha * (since - interval), interval)
        )
        started |= sold
        since[sold] = 0.0
    return np.where(started, size / np.maximum(interval, 1.0), 0.0)


def tsb_rate(
    history: DemandHistory, alpha: float = TSB_ALPHA, beta: float = TSB_BETA
) -> FloatArray:
    """Per product, TSB's smoothed probability of a sale times its smoothed size."""
    n = history.n_products
    chance, size = np.zeros(n), np.zeros(n)
    since = np.zeros(n)
    started = np.zeros(n, dtype=bool)
    for day in range(history.n_days):
        on_sale = history.first_day <= day
        since += on_sale
        units = history.units[:, day]
        sold = on_sale & (units > 0)
        first = sold & ~started
        again = sold & started
        size = np.where(first, units, np.where(again, size + alpha * (units - size), size))
        # The chance starts, like Croston's interval, at one over the days to the first sale,
        # then moves every day towards whether there was one.
        chance = np.where(
            first,
            1.0 / np.maximum(since, 1.0),
            np.where(started & on_sale & ~first, chance + beta * (sold - chance), chance),
        )
        started |= sold
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
