"""Building a :class:`DemandHistory` from sales rows (database aggregates or demo orders)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from .methods import DemandHistory

IndexArray = npt.NDArray[np.integer]


def daily_matrix(
    product_index: IndexArray,
    day_index: IndexArray,
    units: npt.NDArray[np.floating] | npt.NDArray[np.integer],
    *,
    n_products: int,
    n_days: int,
) -> npt.NDArray[np.float64]:
    """Sum units into a products x days matrix; rows outside either range are ignored."""
    rows = np.asarray(product_index, dtype=np.int64)
    days = np.asarray(day_index, dtype=np.int64)
    keep = (rows >= 0) & (rows < n_products) & (days >= 0) & (days < n_days)
    flat = rows[keep] * n_days + days[keep]
    counts = np.bincount(flat, weights=np.asarray(units, dtype=np.float64)[keep], minlength=0)
    matrix = np.zeros(n_products * n_days)
    matrix[: counts.size] = counts
    return matrix.reshape(n_products, n_days)


def history_from_days_ago(
    product_index: IndexArray,
    days_ago: npt.NDArray[np.floating],
    units: npt.NDArray[np.floating] | npt.NDArray[np.integer],
    *,
    listed_days_ago: IndexArray,
    n_days: int,
    today_weekday: int = 0,
) -> DemandHistory:
    """History of the ``n_days`` full days before today from sales ``days_ago`` (0 = today).

    Today's partial day is left out. ``today_weekday`` only labels the columns' weekdays.
    """
    whole = np.floor(np.asarray(days_ago, dtype=np.float64)).astype(np.int64)
    n_products = int(np.asarray(listed_days_ago).shape[0])
    units_matrix = daily_matrix(
        product_index, n_days - whole, units, n_products=n_products, n_days=n_days
    )
    first_day = np.clip(n_days - np.asarray(listed_days_ago, dtype=np.int64), 0, n_days)
    return DemandHistory(units_matrix, first_day, int((today_weekday - n_days) % 7))
