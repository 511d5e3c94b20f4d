"""Popularity and trending fallbacks."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from recommendations.engine.popularity import (
    growth_scores,
    item_popularity,
    top_items,
    top_items_by_category,
    trending_scores,
)

DAY = 86_400.0


def test_popularity_counts_distinct_users_not_quantities():
    x = sp.csr_matrix(np.array([[5.0, 0, 1], [1.0, 0, 0], [0, 0, 1]]))
    assert item_popularity(x).tolist() == [2.0, 0.0, 2.0]


def test_top_items_skips_zero_scores_and_exclusions_and_breaks_ties_by_index():
    scores = np.array([3.0, 0.0, 5.0, 3.0, 1.0])
    assert top_items(scores, 3).tolist() == [2, 0, 3]
    assert top_items(scores, 10, exclude={2}).tolist() == [0, 3, 4]


def test_trending_prefers_recent_events():
    now = 100 * DAY
    items = np.array([0, 0, 0, 1, 1])
    times = np.array([now - 60 * DAY] * 3 + [now - DAY, now])
    scores = trending_scores(items, times, 3, now, half_life_days=7.0)
    assert scores[1] > scores[0] > 0 and scores[2] == 0
    assert scores[1] == pytest.approx(0.5 ** (1 / 7) + 1.0)
    assert top_items(scores, 2).tolist() == [1, 0]


def test_growth_ranks_a_rise_above_a_steady_best_seller():
    now = 100 * DAY
    # item 0 sells 10 a week for five weeks; item 1 sold 1 a week, then 8 this week;
    # item 2 sold 2 this week, nothing before (a rare item: shrunk); item 3 is falling.
    steady = [(0, now - d * DAY) for d in np.arange(0.5, 35, 0.7)]
    rising = [(1, now - d * DAY) for d in (8, 15, 22, 29)] + [(1, now - DAY)] * 8
    rare = [(2, now - DAY)] * 2
    falling = [(3, now - 10 * DAY)] * 20 + [(3, now - DAY)]
    events = steady + rising + rare + falling + [(9, now)]
    items = np.array([i for i, _ in events])
    times = np.array([t for _, t in events])
    scores = growth_scores(items, times, 4, now)
    recent, expected = 8.0, 4 * 7 / 28
    assert scores[1] == pytest.approx(recent * np.log((recent + 5) / (expected + 5)))
    assert scores[0] == 0.0 and scores[3] == 0.0  # steady, falling
    assert scores[1] > scores[2] > 0
    assert top_items(scores, 4).tolist() == [1, 2]


def test_trending_ignores_out_of_range_items():
    scores = trending_scores(np.array([0, 7, -1]), np.array([0.0, 0.0, 0.0]), 2, now=0.0)
    assert scores.tolist() == [1.0, 0.0]


def test_top_items_by_category():
    scores = np.array([1.0, 4.0, 2.0, 0.0, 3.0])
    category = np.array([0, 0, 1, 1, -1])
    table = top_items_by_category(scores, category, 2)
    assert table.tolist() == [[1, 0], [2, -1]]  # item 3 has no score, item 4 no category
