"""A second demand pattern for the forecast benchmark, unlike the demo shop's.

The demo generator gives a shop whose products mostly sell a few units a year. This one has
more structure for a forecast to find, or to be fooled by. Its parameters were fixed, and
committed, before the forecasting engine was tuned against it:

* 400 products over 364 days; 35% smooth sellers (Poisson, median 2 a day, log-sd 0.8 between
  products) and 65% intermittent ones (a sale on a given day with probability drawn from
  Beta(1.2, 12), mean 9%; each sale is 1 + Poisson(0.6) units: lumpy);
* trend: 40% of products grow 50% a year, 20% shrink 40% a year, 40% are flat;
* seasonality: a weekly rhythm shared by the shop (Monday to Sunday 0.85, 0.9, 0.95, 1.0,
  1.1, 1.3, 0.9, normalised to mean 1); half the products also have a yearly cycle of
  amplitude 0.25 peaking on day 330 of the year (late November);
* 15% of products are listed partway, on a day drawn uniformly from 60 to 300;
* 10% of products change level once, on a random day, by a factor drawn from 0.4 to 2.5.

The history ends on a Sunday (column 0 is a Monday), like a nightly run on a Monday morning.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from shop.forecasting.engine import DemandHistory


@dataclass(frozen=True)
class DemandParams:
    products: int = 400
    days: int = 364
    smooth_share: float = 0.35
    smooth_median: float = 2.0
    smooth_spread: float = 0.8
    occurrence_beta: tuple[float, float] = (1.2, 12.0)
    extra_units: float = 0.6  # each intermittent sale is 1 + Poisson(this) units
    growing: float = 0.4
    growth_per_year: float = 0.5
    shrinking: float = 0.2
    shrink_per_year: float = -0.4
    weekly: tuple[float, ...] = (0.85, 0.9, 0.95, 1.0, 1.1, 1.3, 0.9)
    yearly_share: float = 0.5
    yearly_amplitude: float = 0.25
    yearly_peak_day: int = 330
    late_share: float = 0.15
    late_days: tuple[int, int] = (60, 300)
    shift_share: float = 0.1
    shift_factor: tuple[float, float] = (0.4, 2.5)


def generate_demand(seed: int, params: DemandParams | None = None) -> DemandHistory:
    """Units sold per product and day; the same seed always gives the same history."""
    p = params or DemandParams()
    rng = np.random.default_rng(seed)
    n, days = p.products, p.days
    t = np.arange(days, dtype=np.float64)
    smooth = rng.random(n) < p.smooth_share

    draw = rng.random(n)
    growth = np.where(
        draw < p.growing,
        np.log1p(p.growth_per_year),
        np.where(draw < p.growing + p.shrinking, np.log1p(p.shrink_per_year), 0.0),
    )
    weekly = np.array(p.weekly) / np.mean(p.weekly)
    yearly = np.where(rng.random(n) < p.yearly_share, p.yearly_amplitude, 0.0)
    # Column 0 is day (peak - 330 + 0) of the year: the last column is the end of a year.
    day_of_year = (t - days) % 365
    cycle = 1.0 + yearly[:, None] * np.cos(2 * np.pi * (day_of_year - p.yearly_peak_day) / 365)
    multiplier = np.exp(growth[:, None] * (t - days)[None, :] / 365.0) * cycle
    multiplier *= weekly[(t % 7).astype(np.int64)][None, :]

    shifted = rng.random(n) < p.shift_share
    shift_day = rng.integers(30, days - 30, n)
    factor = rng.uniform(*p.shift_factor, n)
    after = t[None, :] >= shift_day[:, None]
    multiplier *= np.where(shifted[:, None] & after, factor[:, None], 1.0)

    level = p.smooth_median * np.exp(rng.normal(0.0, p.smooth_spread, n))
    smooth_units = rng.poisson(level[:, None] * multiplier)
    chance = rng.beta(*p.occurrence_beta, n)
    occurs = rng.random((n, days)) < np.clip(chance[:, None] * multiplier, 0.0, 1.0)
    lumpy = occurs * (1 + rng.poisson(p.extra_units, (n, days)))
    units = np.where(smooth[:, None], smooth_units, lumpy).astype(np.float64)

    late = rng.random(n) < p.late_share
    first_day = np.where(late, rng.integers(p.late_days[0], p.late_days[1] + 1, n), 0)
    units[t[None, :] < first_day[:, None]] = 0.0
    return DemandHistory(units, first_day.astype(np.int64), 0)
