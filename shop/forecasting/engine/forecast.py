"""The whole forecast: backtest the candidates, pick one per demand tier, forecast with it.

Products are split by how they sold over the last eight weeks: "regular" sellers (at least a
unit a week), "intermittent" ones (something, less than that) and "dormant" ones (nothing,
though they sold before), because what works for one (reacting fast) hurts another (chasing
single sales, or forecasting a rate for a product that stopped selling). The method with the
lowest backtest MASE on each tier's products (as they were tiered at each origin) are
ranked, and the tier is forecast with the best one or the plain mean of the best two or
three, whichever of those had the lowest backtest MASE: which single method wins moves from
one night to the next on noise, and the mean of a few good ones is steadier and, out of
sample, usually better than any one of them (the M-competitions' lesson), unless one method
is simply right. The choice is made on the shop's own recent history, so it adapts when the
shop changes.

Two forecasts come out, chosen the same way from the same backtest:

* the **planning** forecast (``daily``, ``forecast_14``/``_30``, ``daily_rate``, days of cover,
  stock advice): the expected demand, chosen among the methods that forecast a rate;
* the **point** forecast of the next 14 days' total (``point_14``, judged by MASE and WAPE like
  the backtest): forecasting nothing is among its candidates too. Absolute errors are smallest
  at the median, which is 0 for a product selling less than once a fortnight, so for such a
  tier the point forecast can be 0 (or a rate shrunk towards it) while planning still needs the
  rate; on a tier where nothing wins the backtest, the point forecast is never worse than
  nothing there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from .backtest import BacktestScores, Errors, backtest
from .candidates import METHODS, SHORT_NAMES
from .methods import NOTHING, SEASONAL_NAIVE, DemandHistory, FloatArray, Method

TIER_WINDOW_DAYS = 56
REGULAR_MIN_UNITS = 8.0
REGULAR, INTERMITTENT, DORMANT = "regular", "intermittent", "dormant"
TIERS = (REGULAR, INTERMITTENT, DORMANT)
DEFAULT_METHOD = "weekday_level_trend"
NO_HISTORY, NO_SALES = "no_history", "no_sales"
SHORT_HORIZON, LONG_HORIZON = 14, 30
COMBINE = 3
# A stock that lasts a century never runs out as far as planning goes (and the date
# stays representable).
MAX_COVER_DAYS = 36500.0
NAN = float("nan")


@dataclass(frozen=True, slots=True)
class TierChoice:
    """What a tier is forecast with: the mean of ``members`` (best first), labelled ``method``;
    every candidate's backtest errors on the tier, and those of the mean (``combined``)."""

    tier: str
    method: str
    products: int
    errors: dict[str, Errors] = field(default_factory=dict)
    members: tuple[str, ...] = ()
    combined: Errors | None = None

    @property
    def scores(self) -> dict[str, tuple[float, float]]:
        """(MAE, WAPE) per candidate: what runs stored before MASE (WAPE under "mape")."""
        return {name: (e.mae, e.wape) for name, e in self.errors.items()}


@dataclass(frozen=True, slots=True, eq=False)
class ForecastResult:
    """Per product forecasts (arrays aligned with the history's rows) and the run's summary.

    Per product backtest errors and ``days_of_cover`` are NaN where undefined: no sales in
    the backtest windows, no naive error to scale by, or no demand expected (the stock never
    runs out). ``zero_*`` are the errors of forecasting nothing at all: on a shop of rare
    sellers absolute errors favour it, and a forecast that does worse should say so.
    """

    daily: FloatArray
    method: list[str]
    tier: list[str]
    forecast_14: FloatArray
    forecast_30: FloatArray
    daily_rate: FloatArray
    backtest_mae: FloatArray
    backtest_wape: FloatArray
    backtest_mase: FloatArray
    days_of_cover: FloatArray
    choices: tuple[TierChoice, ...]
    backtest_origins: int
    backtest_horizon: int
    shipped: Errors
    baseline: Errors
    zero: Errors
    # The point forecast of the next 14 days' total per product, its tiers' choices and its
    # backtest errors (see the module's docstring).
    point_14: FloatArray
    point_choices: tuple[TierChoice, ...]
    point: Errors

    @property
    def mae(self) -> float:
        return self.shipped.mae

    @property
    def wape(self) -> float:
        return self.shipped.wape

    @property
    def mase(self) -> float:
        return self.shipped.mase

    @property
    def baseline_mae(self) -> float:
        return self.baseline.mae

    # The stored runs call WAPE "MAPE (WAPE)"; these keep them working until they move on.
    @property
    def mape(self) -> float:
        return self.shipped.wape

    @property
    def baseline_mape(self) -> float:
        return self.baseline.wape

    @property
    def backtest_mape(self) -> FloatArray:
        return self.backtest_wape

    @property
    def beats_baseline(self) -> bool:
        return bool(self.backtest_origins) and self.shipped.mase < self.baseline.mase


def demand_tiers(history: DemandHistory) -> npt.NDArray[np.str_]:
    """Each product's tier from its last eight weeks (a product not yet sold is dormant)."""
    recent = history.units[:, max(0, history.n_days - TIER_WINDOW_DAYS) :].sum(axis=1)
    return np.where(
        recent >= REGULAR_MIN_UNITS, REGULAR, np.where(recent > 0, INTERMITTENT, DORMANT)
    )


def regular_sellers(history: DemandHistory) -> npt.NDArray[np.bool_]:
    """Products that sold at least a unit a week on average over the last eight weeks."""
    return np.asarray(demand_tiers(history) == REGULAR)


def days_of_cover(daily: FloatArray, stock: FloatArray, daily_rate: FloatArray) -> FloatArray:
    """Days until the forecast demand uses up the stock (fractional; NaN if it never does).

    Walks the daily forecast (so the weekly rhythm counts) and continues at ``daily_rate``
    beyond its end. Stock at or below zero with demand expected gives 0; stock lasting more
    than ``MAX_COVER_DAYS`` gives NaN (a fading rate can be tiny but not quite zero).
    """
    cumulative = np.cumsum(daily, axis=1)
    horizon = daily.shape[1]
    reached = cumulative >= stock[:, None]
    found = reached.any(axis=1)
    day = np.argmax(reached, axis=1)
    rows = np.arange(daily.shape[0])
    before = np.where(day > 0, cumulative[rows, np.maximum(day - 1, 0)], 0.0)
    within = day + (stock - before) / np.maximum(daily[rows, day], 1e-12)
    beyond = horizon + (stock - cumulative[:, -1]) / np.maximum(daily_rate, 1e-12)
    cover = np.where(found, within, np.where(daily_rate > 0, beyond, np.nan))
    cover = np.where(stock <= 0, np.where(daily_rate > 0, 0.0, np.nan), cover)
    cover = np.where(cover > MAX_COVER_DAYS, np.nan, cover)
    return np.asarray(np.maximum(cover, 0.0), dtype=np.float64)


def forecast_demand(
    history: DemandHistory,
    stock: FloatArray,
    *,
    methods: Mapping[str, Method] = METHODS,
    backtest_origins: int = 6,
) -> ForecastResult:
    """Backtest every method, choose one per tier, forecast 30 days with it."""
    if SEASONAL_NAIVE not in methods:
        raise ValueError("the seasonal naive baseline must be among the methods")
    if stock.shape != (history.n_products,):
        raise ValueError("stock needs one entry per product")
    scores = backtest(history, methods, horizon=SHORT_HORIZON, origins=backtest_origins)
    tier_now = demand_tiers(history)
    rates = [name for name in methods if name != NOTHING]
    chosen, choices = _choose(history, scores, tier_now, methods, rates)
    point_chosen, point_choices = _choose(history, scores, tier_now, methods, list(methods))

    used = set().union(*chosen.values(), *point_chosen.values())
    forecasts = {name: methods[name](history, LONG_HORIZON) for name in sorted(used)}
    daily = _tier_means(history, tier_now, chosen, forecasts)
    point = _tier_means(history, tier_now, point_chosen, forecasts)[:, :SHORT_HORIZON]
    label = {choice.tier: choice.method for choice in choices}
    method_of = np.array([label[t] for t in tier_now.tolist()], dtype=object)
    never_listed = history.first_day >= history.n_days
    on_sale = history.available()
    never_sold = ~never_listed & (np.where(on_sale, history.units, 0.0).sum(axis=1) == 0)
    method_of[never_listed] = NO_HISTORY
    method_of[never_sold] = NO_SALES
    # A product with nothing to go on is forecast zero, whatever a method extrapolates.
    daily[never_listed] = 0.0
    point[never_listed] = 0.0

    forecast_30 = daily.sum(axis=1)
    daily_rate = forecast_30 / LONG_HORIZON
    per_product = np.full((3, history.n_products), np.nan)
    shipped = baseline = zero = point_errors = Errors(NAN, NAN, NAN)
    if scores is not None:
        errors = _shipped_errors(history, scores, chosen)
        per_product = _per_product(scores, errors)
        shipped = scores.summary(errors)
        point_errors = scores.summary(_shipped_errors(history, scores, point_chosen))
        baseline = scores.summary(scores.errors[SEASONAL_NAIVE])
        zero = scores.summary(scores.actual)
    return ForecastResult(
        daily=daily,
        method=[str(name) for name in method_of],
        tier=[str(t) for t in tier_now],
        forecast_14=daily[:, :SHORT_HORIZON].sum(axis=1),
        forecast_30=forecast_30,
        daily_rate=daily_rate,
        backtest_mae=per_product[0],
        backtest_wape=per_product[1],
        backtest_mase=per_product[2],
        days_of_cover=days_of_cover(daily, stock.astype(np.float64), daily_rate),
        choices=choices,
        backtest_origins=0 if scores is None else int(scores.origins.size),
        backtest_horizon=SHORT_HORIZON,
        shipped=shipped,
        baseline=baseline,
        zero=zero,
        point_14=point.sum(axis=1),
        point_choices=point_choices,
        point=point_errors,
    )


def _tier_means(
    history: DemandHistory,
    tier_now: npt.NDArray[np.str_],
    chosen: dict[str, tuple[str, ...]],
    forecasts: dict[str, FloatArray],
) -> FloatArray:
    """Each product's forecast: the mean of its tier's chosen methods."""
    daily = np.zeros((history.n_products, LONG_HORIZON))
    for tier, members in chosen.items():
        rows = tier_now == tier
        if rows.any():
            daily[rows] = np.mean([forecasts[name][rows] for name in members], axis=0)
    return daily


def _per_product(scores: BacktestScores, errors: FloatArray) -> FloatArray:
    """(MAE, WAPE, MASE) per product over the origins (NaN where undefined)."""
    mae = errors.mean(axis=0)
    sold = scores.actual.sum(axis=0)
    wape = np.where(sold > 0, errors.sum(axis=0) / np.maximum(sold, 1e-12), np.nan)
    usable = np.isfinite(scores.scale) & (scores.scale > 0)
    scaled = np.where(usable, errors / np.where(usable, scores.scale, 1.0), 0.0)
    counts = usable.sum(axis=0)
    mase = np.where(counts > 0, scaled.sum(axis=0) / np.maximum(counts, 1), np.nan)
    return np.vstack([mae, wape, mase])


def _tiers_at_origins(history: DemandHistory, scores: BacktestScores) -> npt.NDArray[np.str_]:
    """Origins x products: each product's tier as seen at that origin."""
    return np.stack([demand_tiers(history.until(int(cut))) for cut in scores.origins])


def combined_label(members: tuple[str, ...]) -> str:
    """ "sba+ses+gbm": short enough to store (40 characters), in the members' order."""
    return members[0] if len(members) == 1 else "+".join(SHORT_NAMES.get(m, m) for m in members)


def _choose(
    history: DemandHistory,
    scores: BacktestScores | None,
    tier_now: npt.NDArray[np.str_],
    methods: Mapping[str, Method],
    candidates: list[str],
) -> tuple[dict[str, tuple[str, ...]], tuple[TierChoice, ...]]:
    """Per tier, the best of ``candidates`` (or the mean of the best two or three)."""
    default = DEFAULT_METHOD if DEFAULT_METHOD in methods else candidates[0]
    counts = {tier: int((tier_now == tier).sum()) for tier in TIERS}
    if scores is None:
        return {t: (default,) for t in TIERS}, tuple(
            TierChoice(t, default, counts[t], members=(default,)) for t in TIERS
        )
    tiers_then = _tiers_at_origins(history, scores)
    chosen: dict[str, tuple[str, ...]] = {}
    choices = []
    for tier in TIERS:
        mask = tiers_then == tier
        tier_errors = {name: scores.summary(scores.errors[name], mask) for name in candidates}

        def rank(
            name: str, errors: dict[str, Errors] = tier_errors, mask: np.ndarray = mask
        ) -> tuple[float, float, bool]:
            # MASE first; where it is undefined (nothing to scale by) the total error decides.
            # Ties (e.g. a tier with no sales at all) go to the default, not to the baseline.
            mase = errors[name].mase
            total = float(scores.errors[name][mask].sum())
            return (mase if np.isfinite(mase) else np.inf, total, name != default)

        members: tuple[str, ...] = (default,)
        combined: Errors | None = None
        if mask.any():
            ranked = sorted(tier_errors, key=rank)
            options = [tuple(ranked[:k]) for k in range(1, min(COMBINE, len(ranked)) + 1)]
            summaries = {o: scores.summary(_mean_errors(scores, o), mask) for o in options}
            # The fewest members among equals: a mean of three that ties one is no better.
            members = min(options, key=lambda o: (_sort_key(summaries[o]), len(o)))
            combined = summaries[members]
        chosen[tier] = members
        choices.append(
            TierChoice(tier, combined_label(members), counts[tier], tier_errors, members, combined)
        )
    return chosen, tuple(choices)


def _sort_key(errors: Errors) -> tuple[float, float]:
    return (errors.mase if np.isfinite(errors.mase) else np.inf, np.nan_to_num(errors.mae))


def _mean_errors(scores: BacktestScores, members: tuple[str, ...]) -> FloatArray:
    total = np.mean([scores.totals[name] for name in members], axis=0)
    return np.asarray(np.abs(total - scores.actual), dtype=np.float64)


def _shipped_errors(
    history: DemandHistory, scores: BacktestScores, chosen: dict[str, tuple[str, ...]]
) -> FloatArray:
    """The backtest errors of the forecast each product got at each origin."""
    tiers_then = _tiers_at_origins(history, scores)
    errors = np.zeros_like(scores.actual)
    for tier in TIERS:
        errors = np.where(tiers_then == tier, _mean_errors(scores, chosen[tier]), errors)
    return errors
