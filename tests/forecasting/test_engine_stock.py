"""Stock status and suggested reorder quantities, from a forecast worked out by hand."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from shop.forecasting.engine import (
    ENOUGH,
    OUT_OF_STOCK,
    RUNS_OUT,
    DemandHistory,
    forecast_demand,
    stock_advice,
)
from shop.forecasting.engine.methods import moving_average, seasonal_naive

Z, MAE_TO_SIGMA = 1.65, np.sqrt(np.pi / 2)


@pytest.fixture
def steady():
    """Four products selling exactly 2 a day (so the forecast is 2 a day with no backtest
    error), and a fifth that never sold."""
    units = np.vstack([np.full((4, 91), 2.0), np.zeros((1, 91))])
    history = DemandHistory(units, np.zeros(5, dtype=np.int64), 0)
    methods = {"seasonal_naive": seasonal_naive, "moving_average_28d": moving_average}
    return forecast_demand(history, np.array([0.0, 10, 100, 10, 0]), methods=methods)


def test_out_of_stock_now_is_told_apart_from_running_out_within_the_lead_time(steady):
    advice = stock_advice(steady, np.array([0.0, 10, 100, 10, 0]), np.array([7.0, 7, 7, 3, 7]))
    # 10 units last 5 days: gone before a 7-day lead time, not before a 3-day one.
    assert advice.status == [OUT_OF_STOCK, RUNS_OUT, ENOUGH, ENOUGH, OUT_OF_STOCK]


def test_reorder_covers_lead_time_and_review_period_minus_stock(steady):
    lead = np.array([7.0, 7, 7, 3.5, 40])
    advice = stock_advice(steady, np.array([0.0, 10, 100, 10, 0]), lead)
    # Lead time + a week's review at 2 a day, no backtest error so no safety stock; beyond
    # the 30-day forecast the daily rate carries on (47 days: 60 + 34 = 94); the product that
    # never sold is not worth ordering.
    assert advice.cover_days.tolist() == [14, 14, 14, 10.5, 47]
    assert advice.demand[:4] == pytest.approx([28, 28, 28, 21])
    assert advice.safety_stock[:4] == pytest.approx([0, 0, 0, 0])
    assert advice.reorder_quantity.tolist() == [28, 18, 0, 11, 0]
    far = stock_advice(steady, np.zeros(5), np.full(5, 40.0))
    assert far.demand[0] == pytest.approx(94)


def test_safety_stock_comes_from_the_backtest_error_or_poisson_without_one(steady):
    measured = replace(steady, backtest_mae=np.array([4.0, np.nan, 4.0, 4.0, np.nan]))
    advice = stock_advice(
        measured, np.zeros(5), np.array([7.0, 7, 21, 7, 7]), review_days=7, service_z=Z
    )
    # 14 days cover a fortnight of backtest error; 28 days two independent ones.
    assert advice.safety_stock[0] == pytest.approx(Z * MAE_TO_SIGMA * 4.0)
    assert advice.safety_stock[2] == pytest.approx(Z * MAE_TO_SIGMA * 4.0 * np.sqrt(2))
    assert advice.safety_stock[1] == pytest.approx(Z * np.sqrt(28.0))
    assert advice.reorder_quantity[0] == int(np.ceil(28 + Z * MAE_TO_SIGMA * 4.0))
    assert advice.reorder_quantity[4] == 0  # no demand expected: nothing to order


def test_advice_refuses_misaligned_input(steady):
    with pytest.raises(ValueError, match="one entry per product"):
        stock_advice(steady, np.zeros(4), np.zeros(5))
