"""The forecasting engine on synthetic series and demo orders; no database."""

from __future__ import annotations

import numpy as np
import pytest

from shop.demo.engine import ORDER_STATUSES, generate
from shop.forecasting.engine import (
    METHODS,
    SEASONAL_NAIVE,
    DemandHistory,
    backtest,
    days_of_cover,
    forecast_demand,
    weekday_profile,
)
from shop.forecasting.engine.forecast import (
    COMBINE,
    DORMANT,
    INTERMITTENT,
    NO_HISTORY,
    NO_SALES,
    REGULAR,
)
from shop.forecasting.engine.history import history_from_days_ago
from shop.forecasting.engine.methods import (
    NOTHING,
    pooled_growth,
    profile_level,
    seasonal_naive,
)

PATTERN = np.array([0.7, 0.8, 0.9, 1.0, 1.1, 1.5, 1.0])  # Monday first; mean 1
# The candidates without the boosted model, whose fits would make these tests slow; it has
# tests of its own (test_engine_methods.py) and the benchmark runs every candidate.
QUICK = {name: method for name, method in METHODS.items() if name != "boosted_lags"}
GROWTH = 0.004  # per day


def synthetic(
    products: int = 300, days: int = 196, growth: float = GROWTH, seed: int = 1
) -> DemandHistory:
    """Poisson sales with a known weekday pattern and exponential growth."""
    rng = np.random.default_rng(seed)
    level = rng.gamma(1.5, 0.6, products)
    weekday = np.arange(days) % 7  # column 0 is a Monday
    rate = level[:, None] * PATTERN[weekday][None, :] * np.exp(growth * (np.arange(days) - days))
    return DemandHistory(
        rng.poisson(rate).astype(np.float64), np.zeros(products, dtype=np.int64), 0
    )


def test_recovers_the_weekday_pattern() -> None:
    profile = weekday_profile(synthetic())

    assert np.allclose(profile, PATTERN / PATTERN.mean(), atol=0.08)
    assert int(np.argmax(profile)) == 5


def test_recovers_the_trend() -> None:
    assert pooled_growth(synthetic(), weekday_profile(synthetic())) == pytest.approx(
        GROWTH, abs=0.0015
    )
    flat = synthetic(growth=0.0)
    assert abs(pooled_growth(flat, weekday_profile(flat))) < 0.0015


def test_forecast_follows_weekdays_and_beats_seasonal_naive() -> None:
    history = synthetic()
    forecast = profile_level(history, 14).sum(axis=0)
    # The history ends on a Sunday, so the forecast starts on a Monday: Saturday peaks.
    assert int(np.argmax(forecast[:7])) == 5 and int(np.argmin(forecast[:7])) == 0

    scores = backtest(history, QUICK, horizon=14, origins=6)
    assert scores is not None
    trend, naive = scores.errors["weekday_level_trend"], scores.errors[SEASONAL_NAIVE]
    assert scores.mae(trend) < 0.8 * scores.mae(naive)
    assert scores.mase(trend) < 0.8 * scores.mase(naive)
    result = forecast_demand(history, np.full(history.n_products, 5.0), methods=QUICK)
    assert result.beats_baseline and result.wape < result.baseline.wape
    assert result.mase < result.baseline.mase < result.zero.mase


def test_seasonal_naive_repeats_last_week() -> None:
    units = np.arange(14, dtype=np.float64)[None, :]
    naive = seasonal_naive(DemandHistory(units, np.zeros(1, dtype=np.int64), 0), 10)

    assert naive[0].tolist() == [7, 8, 9, 10, 11, 12, 13, 7, 8, 9]


def test_all_zero_and_brand_new_products_forecast_nothing() -> None:
    history = synthetic(products=50)
    units = history.units.copy()
    units[0] = 0.0  # on sale all along, never sold
    first_day = history.first_day.copy()
    first_day[1] = history.n_days  # listed today
    units[1] = 0.0
    result = forecast_demand(
        DemandHistory(units, first_day, history.start_weekday), np.full(50, 3.0), methods=QUICK
    )

    assert result.method[0] == NO_SALES and result.method[1] == NO_HISTORY
    assert result.forecast_30[:2].tolist() == [0.0, 0.0]
    assert np.isnan(result.days_of_cover[:2]).all()
    assert np.isfinite(result.forecast_30).all() and (result.forecast_30 >= 0).all()


def test_short_history_forecasts_without_backtest() -> None:
    history = synthetic(products=20, days=10)
    result = forecast_demand(history, np.ones(20))
    # Every candidate copes with ten days, the boosted model by forecasting nothing yet.

    assert result.backtest_origins == 0 and np.isnan(result.mae) and np.isnan(result.mase)
    assert not result.beats_baseline
    assert np.isnan(result.backtest_mae).all() and result.forecast_14.sum() > 0


def test_days_of_cover_walks_the_daily_forecast() -> None:
    daily = np.array([[1.0, 3.0, 1.0], [0.5, 0.5, 0.5], [0.0, 0.0, 0.0], [1.0, 1.0, 1.0]])
    stock = np.array([2.0, 3.0, 5.0, 0.0])
    cover = days_of_cover(daily, stock, daily.mean(axis=1))

    assert cover[0] == pytest.approx(1 + 1 / 3)  # 1 on day 0, then a third of day 1
    assert cover[1] == pytest.approx(6.0)  # 1.5 in the horizon, the rest at 0.5 a day
    assert np.isnan(cover[2])  # no demand: never runs out
    assert cover[3] == 0.0  # already out


def test_rejects_malformed_input() -> None:
    with pytest.raises(ValueError, match="negative"):
        DemandHistory(-np.ones((2, 7)), np.zeros(2, dtype=np.int64), 0)
    with pytest.raises(ValueError, match="one entry per product"):
        forecast_demand(synthetic(products=5), np.ones(4))


def test_demo_orders_train_score_and_beat_seasonal_naive() -> None:
    shop = generate("medium", seed=42)
    orders = shop.order_arrays
    demand_codes = [ORDER_STATUSES.index(s) for s in ("paid", "shipped", "delivered")]
    counted = np.isin(orders.status[orders.line_order], demand_codes)
    history = history_from_days_ago(
        orders.line_product[counted],
        orders.days_ago[orders.line_order][counted],
        orders.line_quantity[counted],
        listed_days_ago=np.array([p.created_days_ago for p in shop.products]),
        n_days=364,
    )
    stock = np.array([p.stock for p in shop.products], dtype=float)
    result = forecast_demand(history, stock, methods=QUICK)

    assert history.units.sum() > 1000
    profile = weekday_profile(history)  # the demo shop has a weekly rhythm to find
    assert profile.max() / profile.min() > 1.3
    assert result.backtest_origins == 6
    assert result.mase < result.baseline.mase and result.wape < result.baseline.wape
    for choice in result.choices:
        assert set(choice.members) <= set(QUICK) and 1 <= len(choice.members) <= COMBINE
        assert len(choice.method) <= 40  # stored per product
    assert set(result.tier) <= {REGULAR, INTERMITTENT, DORMANT}


def test_each_tier_is_forecast_with_its_best_method_or_the_mean_of_the_best_few() -> None:
    history = synthetic(products=60, days=120)
    units = history.units.copy()
    units[:20, -56:] = 0.0  # dormant: sold before, nothing for eight weeks
    units[20:40, -56:] = np.where(np.arange(56) % 10 == 0, 1.0, 0.0)  # intermittent
    units[40:, -56:] += 1.0  # regular
    history = DemandHistory(units, history.first_day, history.start_weekday)
    result = forecast_demand(history, np.zeros(60), methods=QUICK)

    assert result.tier[:20] == [DORMANT] * 20 and result.tier[20:40] == [INTERMITTENT] * 20
    assert result.tier[40:] == [REGULAR] * 20
    for choice in result.choices:
        ranked = sorted(choice.errors, key=lambda name: choice.errors[name].mase)
        k = len(choice.members)
        assert choice.members == tuple(ranked[:k])
        # The mean of the best k had the lowest backtest MASE among the best 1, 2 and 3.
        assert choice.combined is not None
        assert choice.combined.mase <= choice.errors[ranked[0]].mase + 1e-12
        rows = np.array(result.tier) == choice.tier
        expected = np.mean([QUICK[m](history, 30)[rows] for m in choice.members], axis=0)
        np.testing.assert_allclose(result.daily[rows], expected)
        assert result.method[int(np.flatnonzero(rows)[0])] == choice.method


def test_point_forecast_may_forecast_nothing_where_that_wins_while_planning_keeps_the_rate() -> (
    None
):
    history = synthetic(products=60, days=120)
    units = history.units.copy()
    # Rare sellers: a unit every 30 days (staggered), so most fortnights sell nothing.
    units[:30] = np.where((np.arange(120)[None, :] + 3 * np.arange(30)[:, None]) % 30 == 0, 1, 0)
    units[30:] += 1.0  # the others sell every day
    history = DemandHistory(units, history.first_day, history.start_weekday)
    result = forecast_demand(history, np.zeros(60), methods=QUICK)

    rare = np.array(result.tier) == INTERMITTENT
    assert rare[:30].all() and not rare[30:].any()
    point = {choice.tier: choice for choice in result.point_choices}[INTERMITTENT]
    assert point.members == (NOTHING,)
    # Nothing had the lowest backtest MASE on the tier, so the point forecast of the
    # fortnight is 0 there, while stock planning keeps a rate from the rate methods.
    assert point.errors[NOTHING].mase == min(e.mase for e in point.errors.values())
    np.testing.assert_array_equal(result.point_14[rare], 0.0)
    assert result.daily_rate[rare].sum() > 0
    for choice in result.choices:
        assert NOTHING not in choice.errors and NOTHING not in choice.members
    # Elsewhere the point forecast is the chosen methods' mean, as the planning one is.
    regular = {choice.tier: choice for choice in result.point_choices}[REGULAR]
    expected = np.mean([QUICK[m](history, 14)[~rare] for m in regular.members], axis=0)
    np.testing.assert_allclose(result.point_14[~rare], expected.sum(axis=1))
    assert result.point.mase <= result.zero.mase
