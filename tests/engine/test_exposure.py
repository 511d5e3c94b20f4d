from __future__ import annotations

import math

import pytest

from recommendations.engine.exposure import gini, novelty


def test_gini_is_zero_for_equal_exposure_and_grows_with_concentration():
    assert gini([5, 5, 5, 5]) == pytest.approx(0.0)
    assert gini([0, 0, 0, 20]) == pytest.approx(0.75)  # (n - 1) / n: one group of four
    assert gini([1, 2, 3, 4]) == pytest.approx(0.25)
    assert gini([]) == 0.0 and gini([0, 0]) == 0.0


def test_novelty_is_the_mean_self_information_of_what_was_shown():
    popularity = {1: 6.0, 2: 0.0, 3: 0.0}  # smoothed shares 7/9, 1/9, 1/9
    assert novelty({1: 1}, popularity) == pytest.approx(-math.log2(7 / 9))
    assert novelty({1: 1, 2: 1}, popularity) == pytest.approx(
        (-math.log2(7 / 9) - math.log2(1 / 9)) / 2
    )
    assert novelty({2: 3}, popularity) > novelty({1: 3}, popularity)
    assert novelty({}, popularity) == 0.0
