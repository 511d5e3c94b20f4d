"""Request-time scoring (framework-free, no database)."""

from __future__ import annotations

from recommendations.engine.serving import diversify, score_from_neighbours

NEIGHBOURS = {
    1: ([2, 3, 4], [0.9, 0.5, 0.1]),
    5: ([3, 6], [0.8, 0.4]),
}


def test_scores_sum_over_seeds_and_name_the_strongest_seed():
    ranked = score_from_neighbours({1: 1.0, 5: 1.0}, NEIGHBOURS, limit=10)
    # item 3: 0.5 (from 1) + 0.8 (from 5) = 1.3 beats item 2's 0.9
    assert [(s.item, round(s.score, 2), s.because) for s in ranked] == [
        (3, 1.3, 5),
        (2, 0.9, 1),
        (6, 0.4, 5),
        (4, 0.1, 1),
    ]


def test_seeds_and_exclusions_are_never_suggested():
    ranked = score_from_neighbours(
        {1: 1.0, 3: 1.0}, {**NEIGHBOURS, 3: ([1, 7], [0.9, 0.2])}, exclude={2}, limit=10
    )
    assert {s.item for s in ranked} == {4, 7}


def test_seed_weights_scale_contributions_and_limit_applies():
    ranked = score_from_neighbours({1: 0.1, 5: 2.0}, NEIGHBOURS, limit=2)
    assert [s.item for s in ranked] == [3, 6]


def test_empty_input():
    assert score_from_neighbours({}, NEIGHBOURS, limit=5) == []
    assert score_from_neighbours({9: 1.0}, NEIGHBOURS, limit=5) == []


def test_diversify_caps_one_category_when_others_qualify():
    categories = {1: 10, 2: 10, 3: 10, 4: 10, 5: 20, 6: 30}
    assert diversify([1, 2, 3, 4, 5, 6], categories, limit=4) == [1, 2, 5, 6]


def test_diversify_fills_from_one_category_when_nothing_else_qualifies():
    categories = {1: 10, 2: 10, 3: 10}
    assert diversify([1, 2, 3], categories, limit=3) == [1, 2, 3]
