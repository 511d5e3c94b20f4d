"""What to do about each product's stock: is it out now, does it run out before a reorder
could arrive, and how much to order.

Statuses, in the order staff act on them:

* ``OUT_OF_STOCK``: nothing on hand now (whatever the forecast);
* ``RUNS_OUT``: in stock, but the forecast uses it up within the supplier's lead time, so an
  order placed today arrives after the shelf is empty;
* ``ENOUGH``: lasts longer than the lead time (or no demand is expected).

Suggested reorder quantity, for a periodic review every ``review_days`` (an order-up-to
policy): the stock must cover demand until the order after this one arrives, that is over
``P = lead time + review period`` days, plus a safety stock for forecast error::

    demand_P      = forecast units over the next P days (the daily forecast, then its rate)
    sigma_P       = 1.25 x backtest MAE of the product's 14-day totals x sqrt(P / 14)
                    (1.25 = sqrt(pi / 2): MAE to standard deviation for normal errors;
                    errors of independent fortnights add in variance), or sqrt(demand_P),
                    Poisson, when the product has no backtest yet
    safety stock  = z x sigma_P, z = 1.65 for a 95% chance of not running out per cycle
    reorder       = max(0, ceil(demand_P + safety stock - stock on hand))

The shop records no open purchase orders; when it does, subtract them with the stock.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .forecast import ForecastResult
from .methods import FloatArray

OUT_OF_STOCK, RUNS_OUT, ENOUGH = "out_of_stock", "runs_out", "enough"
REVIEW_DAYS = 7
SERVICE_Z = 1.65
MAE_TO_SIGMA = float(np.sqrt(np.pi / 2.0))
ERROR_HORIZON_DAYS = 14


@dataclass(frozen=True, slots=True, eq=False)
class StockAdvice:
    status: list[str]
    cover_days: FloatArray  # over lead time + review period
    demand: FloatArray  # forecast units over ``cover_days``
    safety_stock: FloatArray
    reorder_quantity: npt.NDArray[np.int64]


def demand_over(result: ForecastResult, days: FloatArray) -> FloatArray:
    """Forecast units over the next ``days`` (per product, fractional days allowed)."""
    daily = result.daily
    horizon = daily.shape[1]
    cumulative = np.concatenate([np.zeros((daily.shape[0], 1)), np.cumsum(daily, axis=1)], axis=1)
    whole = np.clip(np.floor(days).astype(np.int64), 0, horizon)
    rows = np.arange(daily.shape[0])
    within = cumulative[rows, whole]
    # The part of a day inside the horizon, then the rest at the forecast's daily rate.
    partial_day = np.where(whole < horizon, days - whole, 0.0)
    within += partial_day * daily[rows, np.minimum(whole, horizon - 1)]
    beyond = np.maximum(days - horizon, 0.0) * result.daily_rate
    return np.asarray(within + beyond, dtype=np.float64)


def stock_advice(
    result: ForecastResult,
    stock: FloatArray,
    lead_time_days: FloatArray,
    *,
    review_days: float = REVIEW_DAYS,
    service_z: float = SERVICE_Z,
) -> StockAdvice:
    """Status and suggested reorder quantity per product (aligned with the forecast's rows)."""
    stock = np.asarray(stock, dtype=np.float64)
    lead = np.asarray(lead_time_days, dtype=np.float64)
    if stock.shape != result.forecast_30.shape or lead.shape != stock.shape:
        raise ValueError("stock and lead times need one entry per product")
    cover = result.days_of_cover
    status = np.where(
        stock <= 0, OUT_OF_STOCK, np.where(np.isfinite(cover) & (cover <= lead), RUNS_OUT, ENOUGH)
    )
    period = lead + review_days
    demand = demand_over(result, period)
    measured = np.isfinite(result.backtest_mae)
    sigma = np.where(
        measured,
        MAE_TO_SIGMA * np.nan_to_num(result.backtest_mae) * np.sqrt(period / ERROR_HORIZON_DAYS),
        np.sqrt(demand),
    )
    safety = service_z * sigma
    # No demand expected and nothing measured: nothing to order.
    safety = np.where(demand > 0, safety, 0.0)
    reorder = np.maximum(np.ceil(demand + safety - np.maximum(stock, 0.0) - 1e-9), 0.0)
    return StockAdvice(
        status=[str(s) for s in status],
        cover_days=period,
        demand=demand,
        safety_stock=safety,
        reorder_quantity=reorder.astype(np.int64),
    )
