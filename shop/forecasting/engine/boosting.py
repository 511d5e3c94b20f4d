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
MAX_CUTS = 26  # half a year of weekly examples is plenty and keeps a fit near a second
CUT_STEP = 7
MIN_HISTORY_DAYS = 56
SEED = 0


def _features(cumulative: FloatArray, history: DemandHistory, cut: int) -> FloatArray:
    """Products x features as of column ``cut`` (only columns before it are used)."""

    def sold(days: int) -> FloatArray:
        return cumulative[:, cut] - cumulative[:, max(cut - days, 0)]

    on_sale = np.clip(cut - history.first_day, 0, None).astype(np.float64)
    recent = history.units[:, max(cut - 56, 0) : cut]
    sale_days = (recent > 0).sum(axis=1)
    # Days since the last sale, capped at a year (never sold: the cap).
    seen = history.units[:, max(cut - 364, 0) : cut] > 0
    last = np.where(seen.any(axis=1), seen.shape[1] - 1 - np.argmax(seen[:, ::-1], axis=1), 364)
    shop_now = cumulative[:, cut].sum() - cumulative[:, max(cut - 28, 0)].sum()
    shop_before = cumulative[:, max(cut - 28, 0)].sum() - cumulative[:, max(cut - 56, 0)].sum()
    trend = np.full(history.n_products, (shop_now + 1.0) / (shop_before + 1.0))
    lifetime = cumulative[:, cut] / np.maximum(np.minimum(on_sale, 364.0), 1.0)
    columns = [sold(days) for days in WINDOWS]
    columns += [lifetime, sale_days, last, np.minimum(on_sale, 364.0), trend]
    return np.column_stack(columns).astype(np.float64)


def boosted_lags(history: DemandHistory, horizon: int) -> FloatArray:
    """Products x horizon daily forecast; zeros with less than ``MIN_HISTORY_DAYS`` days."""
    n_days = history.n_days
    if n_days < MIN_HISTORY_DAYS + horizon:
        return np.zeros((history.n_products, horizon))
    cumulative = np.concatenate(
        [np.zeros((history.n_products, 1)), np.cumsum(history.units, axis=1)], axis=1
    )
    cuts = list(range(n_days - horizon, MIN_HISTORY_DAYS - 1, -CUT_STEP))[:MAX_CUTS]
    x_rows, y_rows = [], []
    for cut in cuts:
        listed = history.first_day < cut
        x_rows.append(_features(cumulative, history, cut)[listed])
        y_rows.append((cumulative[:, cut + horizon] - cumulative[:, cut])[listed])
    x, y = np.vstack(x_rows), np.concatenate(y_rows)
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
        total = model.predict(_features(cumulative, history, n_days))
    total = np.where(listed_now, np.maximum(total, 0.0), 0.0)
    profile = weekday_profile(history)
    shape = profile[history.weekdays(n_days, n_days + horizon)]
    return np.asarray(total[:, None] * (shape / shape.sum())[None, :], dtype=np.float64)
