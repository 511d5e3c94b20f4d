"""The forecasting engine's error measures and its stronger methods, with hand-worked values."""

from __future__ import annotations

import numpy as np
import pytest

from shop.forecasting.engine import DemandHistory, backtest, naive_scale
from shop.forecasting.engine.backtest import mase
from shop.forecasting.engine.boosting import boosted_lags
from shop.forecasting.engine.intermittent import croston, croston_rate, sba, tsb_rate
from shop.forecasting.engine.methods import profile_level, seasonal_naive
from shop.forecasting.engine.smoothing import ses_levels


def one(units: list[float], first_day: int = 0) -> DemandHistory:
    return DemandHistory(np.array([units], dtype=np.float64), np.array([first_day]), 0)


# --- errors ------------------------------------------------------------------------------------


def test_naive_scale_is_the_error_of_repeating_the_last_horizon():
    units = [1.0, 0, 2, 1, 0, 0]
    # Two-day windows: (1,0)->(2,1) misses by 2, (0,2)->(1,0) by 1, (2,1)->(0,0) by 3.
    assert naive_scale(one(units), 2).tolist() == [2.0]
    # Listed on day 2: only the last pair of windows was on sale.
    assert naive_scale(one(units, first_day=2), 2).tolist() == [3.0]
    # Too short for two windows, or never listed in time: undefined.
    assert np.isnan(naive_scale(one(units[:3]), 2)).all()


def test_mase_averages_scaled_errors_where_the_scale_exists():
    errors = np.array([[2.0, 1.0, 4.0]])
    scale = np.array([[2.0, np.nan, 0.0]])
    assert mase(errors, scale) == 1.0
    assert np.isnan(mase(errors, np.full((1, 3), np.nan)))


def test_backtest_scores_totals_errors_and_scales_per_origin():
    rng = np.random.default_rng(3)
    units = rng.poisson(2.0, (4, 70)).astype(np.float64)
    first_day = np.array([0, 0, 0, 66])  # the last product is listed after every origin
    history = DemandHistory(units, first_day, 0)
    scores = backtest(history, {"naive": seasonal_naive}, horizon=7, origins=3)
    assert scores is not None and scores.origins.tolist() == [49, 56, 63]
    np.testing.assert_allclose(
        scores.errors["naive"], np.abs(scores.totals["naive"] - scores.actual)
    )
    assert np.isnan(scores.scale[:, 3]).all() and (scores.actual[:, 3] == 0).all()
    cut = 56
    expected = naive_scale(history.until(cut), 7)[:3]
    np.testing.assert_allclose(scores.scale[1, :3], expected)
    summary = scores.summary(scores.errors["naive"])
    assert summary.wape == pytest.approx(scores.errors["naive"].sum() / scores.actual.sum())


# --- intermittent demand -----------------------------------------------------------------------


def test_croston_smooths_sizes_and_intervals_apart():
    history = one([0.0, 0, 2, 0, 0, 0, 4, 0])
    # First sale: size 2 after 3 days; the next, 4 units 4 days later, with alpha 0.5:
    # size 2 + (4 - 2) / 2 = 3, interval 3 + (4 - 3) / 2 = 3.5.
    assert croston_rate(history, alpha=0.5)[0] == pytest.approx(3 / 3.5)
    week = croston(history, 7, alpha=0.5)
    assert week.sum() == pytest.approx(7 * 3 / 3.5)  # the weekday rhythm averages to 1
    assert sba(history, 7, alpha=0.5).sum() == pytest.approx(0.75 * 7 * 3 / 3.5)
    assert croston_rate(one([0.0] * 8), alpha=0.5).tolist() == [0.0]


def test_tsb_lets_a_product_that_stopped_selling_fade():
    history = one([0.0, 0, 2, 0, 0, 0, 4, 0])
    # Chance 1/3 at the first sale, then halves every day without one: 1/6, 1/12, 1/24; the
    # sale on day 6 moves it half way to 1 (25/48), and day 7 halves it again (25/96).
    assert tsb_rate(history, alpha=0.5, beta=0.5)[0] == pytest.approx(3 * 25 / 96)
    stopped = one([1.0] * 30 + [0.0] * 60)
    assert tsb_rate(stopped)[0] < 0.1 * croston_rate(stopped)[0]


# --- exponential smoothing and the boosted model -----------------------------------------------


def test_exponential_smoothing_fits_each_products_own_smoothing():
    rng = np.random.default_rng(5)
    jump = np.r_[np.ones(150), np.full(30, 5.0)]  # a step up 30 days ago, no noise
    steady = rng.poisson(2.0, 180).astype(np.float64)
    history = DemandHistory(np.vstack([jump, steady]), np.zeros(2, dtype=np.int64), 0)
    levels = ses_levels(history)
    assert levels[0] == pytest.approx(5.0, rel=0.05)  # a fast level catches up
    assert levels[1] == pytest.approx(2.0, rel=0.3)
    # The shop-wide half-life of the weekday-level method is still catching up.
    assert profile_level(history, 7, trend=False)[0].mean() < 4.5


def test_the_boosted_model_learns_rates_from_every_product_at_once():
    rng = np.random.default_rng(8)
    rates = rng.gamma(2.0, 1.0, 120)
    units = rng.poisson(rates[:, None] * np.ones(210)).astype(np.float64)
    first_day = np.zeros(120, dtype=np.int64)
    first_day[-5:] = 210  # listed today: nothing to go on
    units[-5:] = 0.0
    forecast = boosted_lags(DemandHistory(units, first_day, 0), 14).sum(axis=1)
    assert (forecast[-5:] == 0).all()
    listed = slice(0, 115)
    assert np.corrcoef(forecast[listed], rates[listed])[0, 1] > 0.95
    assert forecast[listed].sum() == pytest.approx(14 * rates[listed].sum(), rel=0.1)
    short = DemandHistory(units[:, :30], np.zeros(120, dtype=np.int64), 0)
    assert (boosted_lags(short, 14) == 0).all()  # too little history to learn from
