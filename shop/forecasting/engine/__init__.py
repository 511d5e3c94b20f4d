"""Demand forecasting without Django: daily sales matrices in, forecasts and backtests out.

``history`` is always a products x days array of units sold per day (oldest day first, the last
column is yesterday); ``first_day`` says from which column each product was on sale (earlier
zeros are not "no demand" but "not listed yet"). See :func:`forecast_demand`.
"""

from .backtest import BacktestScores, backtest, horizon_errors
from .forecast import ForecastResult, TierChoice, days_of_cover, forecast_demand
from .methods import METHODS, SEASONAL_NAIVE, DemandHistory, weekday_profile

__all__ = (
    "METHODS",
    "SEASONAL_NAIVE",
    "BacktestScores",
    "DemandHistory",
    "ForecastResult",
    "TierChoice",
    "backtest",
    "days_of_cover",
    "forecast_demand",
    "horizon_errors",
    "weekday_profile",
)
