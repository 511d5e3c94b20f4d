"""RFM features: what the clustering sees of a customer."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class RFMTable:
    """One row per customer.

    ``recency_days`` is NaN for a customer who never placed an order that counts; frequency and
    monetary cover the look-back window only, so a buyer whose orders are all older than it has
    a recency but zero frequency and spend.
    """

    customer_ids: npt.NDArray[np.int64]
    recency_days: FloatArray
    frequency: FloatArray
    monetary: FloatArray
    tenure_days: FloatArray

    def __post_init__(self) -> None:
        lengths = {
            len(self.customer_ids),
            len(self.recency_days),
            len(self.frequency),
            len(self.monetary),
            len(self.tenure_days),
        }
        if len(lengths) != 1:
            raise ValueError("RFM columns must all have one value per customer")
        if np.any(self.frequency < 0) or np.any(self.monetary < 0):
            raise ValueError("frequency and monetary cannot be negative")

    def __len__(self) -> int:
        return len(self.customer_ids)

    @property
    def has_ordered(self) -> npt.NDArray[np.bool_]:
        return ~np.isnan(self.recency_days)


def log_space(recency: FloatArray, frequency: FloatArray, monetary: FloatArray) -> FloatArray:
    """log1p of each column (n x 3). Spend and order counts are heavily skewed (a few customers
    buy a lot), and a week matters more between 3 and 10 days than between 300 and 307:
    logarithms keep the long tails from deciding the clusters alone."""
    columns = [np.log1p(np.clip(column, 0.0, None)) for column in (recency, frequency, monetary)]
    return np.column_stack(columns).astype(np.float64)


def from_log_space(points: FloatArray) -> FloatArray:
    """Back to days, orders and money: a log-space mean becomes a geometric-style mean."""
    return np.expm1(points)


def standardise(points: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Zero mean, unit variance per column (a constant column is left at zero)."""
    mean = points.mean(axis=0)
    std = points.std(axis=0)
    std = np.where(std > 0, std, 1.0)
    return (points - mean) / std, mean, std
