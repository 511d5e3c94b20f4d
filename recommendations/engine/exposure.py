"""What the rows showed, as the dashboard judges it: how concentrated the exposure is and how
new the shown items are to shoppers. Plain numbers in, plain numbers out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np


def gini(counts: Sequence[float] | np.ndarray) -> float:
    """Gini coefficient of exposure over groups (brands, categories): 0 when every group is
    shown as often, towards 1 when one group takes everything. Groups never shown count, as 0:
    pass every group of the catalogue."""
    values = np.sort(np.asarray(counts, dtype=np.float64))
    n = values.size
    total = values.sum()
    if n == 0 or total <= 0:
        return 0.0
    ranks = np.arange(1, n + 1)
    return float((2.0 * (ranks * values).sum()) / (n * total) - (n + 1) / n)


def novelty(shown: Mapping[int, int], popularity: Mapping[int, float]) -> float:
    """Mean self-information ``-log2 p(item)`` of what was shown, weighted by how often, with
    ``p`` an item's share of the catalogue's popularity (add-one smoothed): higher means rows
    show shoppers things they would not have met anyway."""
    if not shown:
        return 0.0
    total = sum(popularity.values()) + len(popularity)
    weights = np.array([count for count in shown.values()], dtype=np.float64)
    shares = np.array([(popularity.get(item, 0.0) + 1.0) / max(total, 1.0) for item in shown])
    return float((weights * -np.log2(shares)).sum() / weights.sum())
