"""Popularity and trending scores: the fallbacks when a user or an item has no history.

Popularity counts distinct users (one heavy buyer should not make an item "popular");
trending weights each event by its age with a short half-life, so that what sells this week
beats what sold well last year; growth ranks what rises against its own past, so that
"Trending now" is not the best sellers again. They exist overall and per category.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from recommendations.engine.interactions import SECONDS_PER_DAY


def item_popularity(matrix: sp.spmatrix) -> np.ndarray:
    """Number of distinct users per item (float64, one entry per column)."""
    csc = sp.csc_matrix(matrix)
    return np.diff(csc.indptr).astype(np.float64)


def trending_scores(
    item_index: np.ndarray,
    timestamps: np.ndarray,
    n_items: int,
    now: float,
    half_life_days: float = 7.0,
    weights: np.ndarray | None = None,
) -> np.ndarray:
    """Time-decayed event count per item: ``sum(weight * 0.5 ** (age / half_life))``.

    Events in the future of ``now`` count as new; items outside ``0..n_items-1`` are ignored.
    """
    items = np.asarray(item_index, dtype=np.int64)
    times = np.asarray(timestamps, dtype=np.float64)
    w = np.ones(items.size) if weights is None else np.asarray(weights, dtype=np.float64)
    ok = (items >= 0) & (items < n_items) & ~np.isnan(times)
    age_days = np.clip((now - times[ok]) / SECONDS_PER_DAY, 0.0, None)
    decayed = w[ok] * 0.5 ** (age_days / half_life_days)
    return np.bincount(items[ok], weights=decayed, minlength=n_items).astype(np.float64)


def growth_scores(
    item_index: np.ndarray,
    timestamps: np.ndarray,
    n_items: int,
    now: float,
    recent_days: float = 7.0,
    baseline_days: float = 28.0,
    shrink: float = 5.0,
) -> np.ndarray:
    """ "Trending": how far an item's recent events exceed what its own past predicts.

    ``recent`` counts the last ``recent_days``; ``expected`` is the ``baseline_days`` before
    them scaled to the same length. The score is ``recent * log((recent + m) / (expected + m))``
    where positive, else 0: a steady best seller (recent = expected) is not trending, a few
    events of a rare item (shrunk by ``m = shrink`` pseudo-events) hardly count, and a real
    rise counts more the more it sells. Events in the future of ``now`` count as recent.
    """
    items = np.asarray(item_index, dtype=np.int64)
    times = np.asarray(timestamps, dtype=np.float64)
    ok = (items >= 0) & (items < n_items) & ~np.isnan(times)
    age_days = np.clip((now - times[ok]) / SECONDS_PER_DAY, 0.0, None)
    is_recent = age_days < recent_days
    in_baseline = ~is_recent & (age_days < recent_days + baseline_days)
    recent = np.bincount(items[ok][is_recent], minlength=n_items).astype(np.float64)
    before = np.bincount(items[ok][in_baseline], minlength=n_items).astype(np.float64)
    expected = before * recent_days / baseline_days
    ratio = np.log((recent + shrink) / (expected + shrink))
    return np.where(ratio > 0, recent * ratio, 0.0)


def top_items(
    scores: np.ndarray, k: int, exclude: np.ndarray | list[int] | set[int] | None = None
) -> np.ndarray:
    """Indices of the ``k`` best items with a positive score, best first, ties by index."""
    scores = np.asarray(scores, dtype=np.float64)
    candidates = np.flatnonzero(scores > 0)
    if exclude is not None and len(exclude):
        candidates = np.setdiff1d(candidates, np.fromiter(exclude, dtype=np.int64))
    order = np.lexsort((candidates, -scores[candidates]))
    return candidates[order[:k]].astype(np.int32)


def top_items_by_category(scores: np.ndarray, item_category: np.ndarray, k: int) -> np.ndarray:
    """``(n_categories, k)`` int32 array: each category's ``k`` best items, padded with -1.

    ``n_categories`` is ``max(item_category) + 1``; items with a negative category are skipped.
    """
    scores = np.asarray(scores, dtype=np.float64)
    category = np.asarray(item_category, dtype=np.int64)
    n_categories = int(category.max()) + 1 if category.size else 0
    out = np.full((n_categories, k), -1, dtype=np.int32)
    items = np.flatnonzero((category >= 0) & (scores > 0))
    order = np.lexsort((items, -scores[items], category[items]))
    items = items[order]
    cats = category[items]
    starts = np.searchsorted(cats, np.arange(n_categories))
    rank = np.arange(items.size) - starts[cats]
    keep = rank < k
    out[cats[keep], rank[keep]] = items[keep]
    return out
