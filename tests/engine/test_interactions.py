"""Events -> weighted sparse matrix."""

from __future__ import annotations

import math

import numpy as np
import pytest

from recommendations.engine.interactions import (
    SignalWeights,
    build_from_values,
    build_interactions,
)

DAY = 86_400.0
NO_DECAY = SignalWeights(half_life_days=None)


def weight_of(result, user, item) -> float:
    return float(result.matrix[result.user_row(user), result.item_col(item)])


def test_kinds_are_ordered_purchase_cart_rating_view():
    result = build_interactions(
        ["u"] * 4, ["p", "c", "r", "v"], ["purchase", "cart", "rating", "view"], [1, 1, 5, 1],
        weights=NO_DECAY,
    )  # fmt: skip
    w = {item: weight_of(result, "u", item) for item in "pcrv"}
    assert w["p"] > w["c"] > w["r"] > w["v"] > 0
    assert w["p"] == pytest.approx(math.log1p(5.0))  # one unit: 5 * log2(2)


def test_low_stars_weigh_nothing_and_stars_scale_the_weight():
    result = build_interactions(
        ["u", "u", "u"], ["a", "b", "c"], ["rating"] * 3, [1.0, 3.5, 5.0], weights=NO_DECAY
    )
    assert weight_of(result, "u", "a") == 0.0  # 1 star <= floor: no signal at all
    assert 0 < weight_of(result, "u", "b") < weight_of(result, "u", "c")
    assert weight_of(result, "u", "b") == pytest.approx(math.log1p(2.5 * 0.5))


def test_duplicates_are_summed_then_saturated():
    once = build_interactions(["u"], ["a"], ["view"], weights=NO_DECAY)
    thrice = build_interactions(["u"] * 3, ["a"] * 3, ["view"] * 3, weights=NO_DECAY)
    assert weight_of(once, "u", "a") == pytest.approx(math.log1p(1.0))
    assert weight_of(thrice, "u", "a") == pytest.approx(math.log1p(3.0))


def test_time_decay_halves_the_weight_every_half_life():
    now = 1_000 * DAY
    weights = SignalWeights(half_life_days=10.0)
    old = build_interactions(
        ["u"], ["a"], ["view"], None, [now - 10 * DAY], now=now, weights=weights
    )
    new = build_interactions(["u"], ["a"], ["view"], None, [now], now=now, weights=weights)
    assert weight_of(old, "u", "a") == pytest.approx(math.log1p(0.5))
    assert weight_of(new, "u", "a") == pytest.approx(math.log1p(1.0))


def test_unknown_kinds_and_items_outside_the_universe_are_ignored():
    result = build_interactions(
        ["u", "u", "u"], ["a", "b", "zzz"], ["view", "wishlist", "view"],
        item_universe=["a", "b"],
    )  # fmt: skip
    assert list(result.item_ids) == ["a", "b"]
    assert result.matrix.shape == (1, 2)
    assert result.matrix.nnz == 1
    assert result.item_col("zzz") is None


def test_empty_input_gives_an_empty_matrix():
    result = build_interactions([], [], [])
    assert result.matrix.shape == (0, 0)
    assert result.matrix.nnz == 0
    with_universe = build_from_values([], [], [], item_universe=["a", "b", "c"])
    assert with_universe.matrix.shape == (0, 3)


def test_ids_map_both_ways_and_any_hashable_works():
    result = build_from_values(["bob", "al", "bob"], [10, 20, 20], [1, 1, 1])
    assert list(result.user_ids) == ["al", "bob"]
    assert list(result.item_ids) == [10, 20]
    assert result.user_row("bob") == 1
    assert result.item_col(20) == 1
    assert result.item_counts().tolist() == [1, 2]


@pytest.mark.parametrize(
    ("transform", "expected"), [("binary", 1.0), ("log1p", math.log1p(3.0)), ("raw", 3.0)]
)
def test_value_transforms(transform, expected):
    result = build_from_values(["u", "u"], ["a", "a"], [1.0, 2.0], transform=transform)
    assert weight_of(result, "u", "a") == pytest.approx(expected)


def test_non_positive_values_are_dropped():
    result = build_from_values(["u", "u"], ["a", "b"], [0.0, -1.0])
    assert result.matrix.nnz == 0


def test_sessions_split_on_silence_and_drop_single_item_sessions():
    hour = 3600.0
    result = build_from_values(
        ["u"] * 5, ["a", "b", "c", "d", "e"], [1] * 5, [0, 60, 5 * hour, 5 * hour + 30, 20 * hour],
        session_gap=900.0,
    )  # fmt: skip
    sessions = result.sessions
    assert sessions is not None
    pairs = sorted(tuple(sorted(result.item_ids[row.indices])) for row in sessions)
    assert pairs == [("a", "b"), ("c", "d")]  # "e" alone: no co-occurrence, dropped


def test_no_timestamps_no_sessions():
    assert build_from_values(["u"], ["a"], [1]).sessions is None


def test_length_mismatch_is_an_error():
    with pytest.raises(ValueError):
        build_from_values(["u", "v"], ["a"], [1, 1])


def test_nan_values_count_as_one_unit():
    result = build_interactions(["u"], ["a"], ["purchase"], [np.nan], weights=NO_DECAY)
    assert weight_of(result, "u", "a") == pytest.approx(math.log1p(5.0))
