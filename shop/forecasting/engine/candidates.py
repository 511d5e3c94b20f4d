"""The forecasting methods the backtest chooses from, by name (the names are stored per run).

The baseline (seasonal naive) must stay among them: every run reports how the chosen methods
did against it. Smooth sellers tend to go to a weekday profile with a level (and trend);
intermittent and dormant ones to Croston's family, which treat sizes and gaps apart; the
boosted model learns from every product at once; forecasting nothing competes for the point
forecast only (see ``forecast``). Which wins each tier is decided on the shop's own history
every night.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from types import MappingProxyType

from .boosting import boosted_lags
from .intermittent import croston, sba, tsb
from .methods import (
    NOTHING,
    SEASONAL_NAIVE,
    Method,
    moving_average,
    nothing,
    profile_level,
    seasonal_naive,
)
from .smoothing import exponential_smoothing

METHODS: Mapping[str, Method] = MappingProxyType(
    {
        SEASONAL_NAIVE: seasonal_naive,
        "moving_average_28d": moving_average,
        "weekday_level": partial(profile_level, half_life=21.0, trend=False),
        "weekday_level_trend": partial(profile_level, half_life=21.0, trend=True),
        "weekday_level_trend_slow": partial(profile_level, half_life=42.0, trend=True),
        "exponential_smoothing": exponential_smoothing,
        "croston": croston,
        "sba": sba,
        "tsb": tsb,
        "boosted_lags": boosted_lags,
        NOTHING: nothing,
    }
)
# For labelling a mean of several methods in 40 characters.
SHORT_NAMES: Mapping[str, str] = MappingProxyType(
    {
        SEASONAL_NAIVE: "snaive",
        "moving_average_28d": "ma28",
        "weekday_level": "wday",
        "weekday_level_trend": "wday_trend",
        "weekday_level_trend_slow": "wday_trend_slow",
        "exponential_smoothing": "ses",
        "croston": "croston",
        "sba": "sba",
        "tsb": "tsb",
        "boosted_lags": "gbm",
        NOTHING: "zero",
    }
)
