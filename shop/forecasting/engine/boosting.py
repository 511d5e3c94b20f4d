"""A gradient-boosted model over lags: one model for every product, trained on the shop's past.

For each weekly cut-off day in the history, every product listed by then gives one example:
what it sold over the windows before the cut (7 to 112 days), how regularly, how long ago
it last sold, how long it has been on sale, and how the shop as a whole was moving; the
target is what it sold over the ``horizon`` days after the cut. scikit-learn's
``HistGradientBoostingRegressor`` with a Poisson loss (counts, a mean forecast) learns the
mapping, with early stopping on a validation share of those examples; the forecast is the
prediction at the end of the history, spread over the days by the shop's weekday rhythm.
"""

from __future__ import annotations

import numpy as np
from sklearn.ensemble import HistGradientBoostingRegressor
from threadpoolctl import threadpool_limits

from .methods import DemandHistory, FloatArray, weekday_profile

WINDOWS = (7, 14, 28, 56, 112)
MAX_CUTS = 26  # half a year of weekly examples
# A large catalogue gives over a million examples; a seeded sample of this many learns the
# same mapping (it is one model for all products) in seconds instead of a minute.
MAX_EXAMPLES = 60_000
CUT_STEP = 7
MIN_HISTORY_DAYS = 56
SEED = 0


class _Running:
    """Running totals over the days, so that features as of any cut are a few lookups."""

    def __init__(self, history: DemandHistory) -> None:
        zeros = np.zeros((history.n_products, 1))
        self.units = np.concatenate([zeros, np.cumsum(history.units, axis=1)], axis=1)
        sold = history.units > 0
        self.sale_days = np.concatenate([zeros, np.cumsum(sold, axis=1)], axis=1)
        days = np.arange(history.n_days, dtype=np.int32)
        # The last day with a sale up to each day (-1: none yet).
        self.last_sale = np.maximum.accumulate(np.where(sold, days[None, :], -1), axis=1)
        self.first_day = history.first_day

    def features(self, cut: int) -> FloatArray:
        """Products x features as of column ``cut`` (only columns before it are used)."""

        def before(table: FloatArray, days: int) -> FloatArray:
            return np.asarray(table[:, cut] - table[:, max(cut - days, 0)], dtype=np.float64)

        on_sale = np.minimum(np.clip(cut - self.first_day, 0, None), 364).astype(np.float64)
        last = self.last_sale[:, cut - 1] if cut > 0 else np.full(self.first_day.shape, -1)
        # Days since the last sale, capped at a year (never sold: the cap).
        since = np.where(last >= 0, np.minimum(cut - last, 365), 365).astype(np.float64)
        shop_now = float(before(self.units, 28).sum())
        shop_then = float((self.units[:, max(cut - 28, 0)] - self.units[:, max(cut - 56, 0)]).sum())
        trend = np.full(on_sale.shape, (shop_now + 1.0) / (shop_then + 1.0))
        lifetime = self.units[:, cut] / np.maximum(on_sale, 1.0)
        columns = [before(self.units, days) for days in WINDOWS]
        columns += [lifetime, before(self.sale_days, 56), since, on_sale, trend]
        return np.column_stack(columns).astype(np.float64)


def boosted_lags(history: DemandHistory, horizon: int) -> FloatArray:
    """Products x horizon daily forecast; zeros with less than ``MIN_HISTORY_DAYS`` days."""
    n_days = history.n_days
    if n_days < MIN_HISTORY_DAYS + horizon:
        return np.zeros((history.n_products, horizon))
    running = _Running(history)
    cuts = list(range(n_days - horizon, MIN_HISTORY_DAYS - 1, -CUT_STEP))[:MAX_CUTS]
    x_rows, y_rows = [], []
    for cut in cuts:
        listed = history.first_day < cut
        x_rows.append(running.features(cut)[listed])
        y_rows.append((running.units[:, cut + horizon] - running.units[:, cut])[listed])
    x, y = np.vstack(x_rows), np.concatenate(y_rows)
    if y.size > MAX_EXAMPLES:
        keep = np.random.default_rng(SEED).choice(y.size, MAX_EXAMPLES, replace=False)
        x, y = x[keep], y[keep]
    listed_now = history.first_day < n_days
    if y.sum() <= 0 or not listed_now.any():
        return np.zeros((history.n_products, horizon))
    model = HistGradientBoostingRegressor(
        loss="poisson",
        learning_rate=0.05,
        max_iter=300,
        max_leaf_nodes=15,
        min_samples_leaf=40,
        early_stopping=True,
        validation_fraction=0.15,
        n_iter_no_change=20,
        random_state=SEED,
    )
    # Small data: OpenMP threads cost more than they save and compete with other work.
    with threadpool_limits(limits=1):
        model.fit(x, y)
        total = model.predict(running.features(n_days))
    total = np.where(listed_now, np.maximum(total, 0.0), 0.0)
    profile = weekday_profile(history)
    shape = profile[history.weekdays(n_days, n_days + horizon)]
    return np.asarray(total[:, None] * (shape / shape.sum())[None, :], dtype=np.float64)
