"""Simple exponential smoothing with each product's own smoothing constant.

The classic baseline: a level that moves towards each day's (weekday-adjusted) sales by a
share ``alpha``. Unlike ``profile_level``, which uses one half-life for the whole shop, each
product gets the ``alpha`` from ``ALPHAS`` whose one-step-ahead forecasts fitted its own
history best (sum of squared errors over the last ``WINDOW_DAYS``, after a burn-in), as a
forecasting package would fit it. Vectorised: one pass over the days for every product and
every candidate ``alpha`` at once.
"""

from __future__ import annotations

import numpy as np

from .methods import DemandHistory, FloatArray, weekday_profile

ALPHAS = np.array([0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5])
BURN_IN_DAYS = 28
# Even the slowest alpha (0.01) keeps under a fifth of the weight of days older than this;
# smoothing over the whole year would cost twice the time for nothing.
WINDOW_DAYS = 168


def ses_levels(history: DemandHistory, alphas: FloatArray = ALPHAS) -> FloatArray:
    """Per product, the final level of the ``alpha`` that fitted it best (0 never listed)."""
    profile = weekday_profile(history)
    adjusted = history.units / profile[history.weekdays(0, history.n_days)][None, :]
    n, k = history.n_products, alphas.size
    window = max(0, history.n_days - WINDOW_DAYS)
    # Start from the mean of the first four weeks on sale (in the window): no product starts
    # from nothing.
    start = np.clip(np.maximum(history.first_day, window), 0, history.n_days)
    cumulative = np.concatenate([np.zeros((n, 1)), np.cumsum(adjusted, axis=1)], axis=1)
    end = np.clip(start + BURN_IN_DAYS, 0, history.n_days)
    rows = np.arange(n)
    initial = (cumulative[rows, end] - cumulative[rows, start]) / np.maximum(end - start, 1)
    level = np.repeat(initial[:, None], k, axis=1)
    squared = np.zeros((n, k))
    for day in range(window, history.n_days):
        # Masks as 0/1 factors: a multiply is cheaper than a select on 50,000 x 8 values.
        on_sale = (start <= day)[:, None] * alphas[None, :]
        scored = (start + BURN_IN_DAYS <= day)[:, None]
        miss = adjusted[:, day][:, None] - level
        squared += scored * miss * miss
        level += on_sale * miss
    best = np.argmin(squared, axis=1)
    listed = history.first_day < history.n_days
    return np.where(listed, level[rows, best], 0.0)


def exponential_smoothing(history: DemandHistory, horizon: int) -> FloatArray:
    profile = weekday_profile(history)
    shape = profile[history.weekdays(history.n_days, history.n_days + horizon)]
    return np.asarray(ses_levels(history)[:, None] * shape[None, :], dtype=np.float64)
