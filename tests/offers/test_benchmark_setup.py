"""The bandit benchmark's simulated shops keep the issue's constraints (issue 19)."""

from __future__ import annotations

import numpy as np

from benchmarks import offers_bandit as bench


def test_the_parameters_are_the_issues():
    assert bench.OFFERS >= 8 and bench.SEGMENTS >= 4
    assert (bench.MIN_RATE, bench.MAX_RATE, bench.MAX_TOP_GAP) == (0.01, 0.05, 0.20)
    assert bench.DAYS == 30 and len(bench.TEST_SEEDS) == 20
    assert not set(bench.TEST_SEEDS) & set(bench.VALIDATION_SEEDS)


def test_every_segments_best_two_offers_are_within_20_percent():
    for seed in (*bench.TEST_SEEDS, *bench.VALIDATION_SEEDS):
        shop = bench.make_shop(seed)
        top = -np.sort(-shop.rates, axis=1)
        assert ((top[:, 0] - top[:, 1]) / top[:, 0] <= 0.20 + 1e-12).all()
        assert ((shop.rates >= 0.01) & (shop.rates <= 0.05)).all()
        # Nobody converts without clicking.
        assert not (shop.converts & ~shop.clicks).any()


def test_showing_the_best_offer_is_what_the_benchmark_compares_with():
    shop = bench.make_shop(0)
    best = bench.best_fixed_conversions(shop)
    visitors = bench.DAYS * bench.VISITORS_PER_SEGMENT_PER_DAY
    expected = visitors * shop.rates.max(axis=1).sum()
    assert abs(best - expected) < 4 * np.sqrt(expected)
