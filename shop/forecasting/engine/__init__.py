"""Demand forecasting without Django: daily sales matrices in, forecasts and backtests out.

``history`` is always a products x days array of units sold per day (oldest day first, the last
column is yesterday); ``first_day`` says from which column each product was on sale (earlier
zeros are not "no demand" but "not listed yet"). See :func:`forecast_demand`, and
:func:`stock_advice` for what to do about the stock.
"""

from .backtest import BacktestScores, Errors, backtest, horizon_errors, naive_scale
from .candidates import METHODS
from .forecast import ForecastResult, TierChoice, days_of_cover, forecast_demand
from .methods import SEASONAL_NAIVE, DemandHistory, weekday_profile
from .stock import ENOUGH, OUT_OF_STOCK, RUNS_OUT, StockAdvice, stock_advice

__all__ = (
    "ENOUGH",
    "METHODS",
    "OUT_OF_STOCK",
    "RUNS_OUT",
    "SEASONAL_NAIVE",
    "BacktestScores",
    "DemandHistory",
    "Errors",
    "ForecastResult",
    "StockAdvice",
    "TierChoice",
    "backtest",
    "days_of_cover",
    "forecast_demand",
    "horizon_errors",
    "naive_scale",
    "stock_advice",
    "weekday_profile",
)
