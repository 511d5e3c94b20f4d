"""Bandit policies for the offer slot: Thompson sampling and two baselines.

Every policy scores each offer for each of ``n`` shoppers at once (``scores``), from the
offers' counts in the shopper's segment; ``choose_batch`` then applies the rules staff and
eligibility impose, the same for every policy:

* an offer the shopper cannot use (not eligible) is never chosen, nor is an excluded one;
* a pinned offer the shopper can use is always chosen (among several, the policy's scores
  decide which);
* with nothing left to choose from the answer is ``NO_OFFER``.

**Thompson sampling** models what an impression is worth in two steps, both with Beta
posteriors: a click (clicks out of impressions) and then a conversion (conversions out of
clicks). Each shopper gets a draw from each offer's two posteriors and sees the offer whose
product, the sampled conversion rate per impression, is highest; clicks are far more common
than orders, so they separate bad offers early while conversions decide among the good ones.
The priors are hyperparameters (``ThompsonPriors``), and so is ``sharpness``: the posterior
is drawn as if every count had been seen ``sharpness`` times, which narrows it and so explores
less (the "posterior reshaping" of Chapelle and Li, *An Empirical Evaluation of Thompson
Sampling*, 2011). With a month of traffic and offers within a few points of each other, plain
posteriors spend too many impressions confirming that the weak offers are weak.

**Epsilon-greedy** shows a uniformly random offer with probability ``epsilon`` and otherwise
the offer with the best conversion rate per impression so far (Laplace-smoothed, so an unseen
offer counts as promising and gets tried). **Uniform random** ignores the counts.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

import numpy as np
from numpy.typing import NDArray

NO_OFFER = -1
# Added to a pinned offer's score: above any score a policy gives (all lie in [0, 1]).
_PIN_BONUS = 2.0

K = TypeVar("K", bound=Hashable)
FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True)
class Counts:
    """Per offer (one entry each, same order): impressions, clicks and conversions."""

    impressions: IntArray
    clicks: IntArray
    conversions: IntArray

    def __post_init__(self) -> None:
        shapes = {self.impressions.shape, self.clicks.shape, self.conversions.shape}
        if len(shapes) != 1 or self.impressions.ndim != 1:
            raise ValueError("impressions, clicks and conversions need one entry per offer")
        if (self.clicks > self.impressions).any() or (self.conversions > self.clicks).any():
            raise ValueError("counts must satisfy conversions <= clicks <= impressions")
        if (self.conversions < 0).any():
            raise ValueError("counts cannot be negative")

    @classmethod
    def zeros(cls, offers: int) -> Counts:
        z = np.zeros(offers, dtype=np.int64)
        return cls(z, z.copy(), z.copy())

    @property
    def offers(self) -> int:
        return int(self.impressions.shape[0])


class Policy(Protocol):
    @property
    def name(self) -> str: ...

    def scores(self, counts: Counts, n: int, rng: np.random.Generator) -> FloatArray:
        """An ``(n, offers)`` array of scores in [0, 1]: the highest is shown."""
        ...


@dataclass(frozen=True)
class ThompsonPriors:
    """Beta priors: of a click per impression and of a conversion per click."""

    click_alpha: float = 1.0
    click_beta: float = 1.0
    conversion_alpha: float = 1.0
    conversion_beta: float = 1.0

    def __post_init__(self) -> None:
        if min(self.click_alpha, self.click_beta, self.conversion_alpha, self.conversion_beta) <= 0:
            raise ValueError("Beta prior parameters must be positive")


@dataclass(frozen=True)
class ThompsonSampling:
    priors: ThompsonPriors = ThompsonPriors()
    sharpness: float = 1.0
    name: str = "Thompson sampling"

    def __post_init__(self) -> None:
        if self.sharpness <= 0:
            raise ValueError("sharpness must be positive")

    def scores(self, counts: Counts, n: int, rng: np.random.Generator) -> FloatArray:
        p, k = self.priors, self.sharpness
        clicked = k * counts.clicks
        unclicked = k * (counts.impressions - counts.clicks)
        converted = k * counts.conversions
        unconverted = k * (counts.clicks - counts.conversions)
        shape = (n, counts.offers)
        click = rng.beta(p.click_alpha + clicked, p.click_beta + unclicked, shape)
        convert = rng.beta(p.conversion_alpha + converted, p.conversion_beta + unconverted, shape)
        return np.asarray(click * convert, dtype=np.float64)


@dataclass(frozen=True)
class EpsilonGreedy:
    epsilon: float = 0.1
    name: str = "epsilon-greedy"

    def __post_init__(self) -> None:
        if not 0.0 <= self.epsilon <= 1.0:
            raise ValueError("epsilon must lie in [0, 1]")

    def scores(self, counts: Counts, n: int, rng: np.random.Generator) -> FloatArray:
        estimate = (counts.conversions + 1.0) / (counts.impressions + 2.0)
        # Ties between equal estimates are broken at random, not by position.
        greedy = estimate[None, :] + rng.random((n, counts.offers)) * 1e-9
        explore = rng.random(n) < self.epsilon
        random_scores = rng.random((n, counts.offers))
        return np.where(explore[:, None], random_scores, np.minimum(greedy, 1.0))


@dataclass(frozen=True)
class UniformRandom:
    name: str = "uniform random"

    def scores(self, counts: Counts, n: int, rng: np.random.Generator) -> FloatArray:
        return rng.random((n, counts.offers))


def choose_batch(
    policy: Policy,
    counts: Counts,
    rng: np.random.Generator,
    *,
    eligible: BoolArray,
    pinned: BoolArray | None = None,
    excluded: BoolArray | None = None,
) -> IntArray:
    """The offer (its index) each of ``len(eligible)`` shoppers sees, or NO_OFFER.

    ``eligible`` is ``(n, offers)``: which offers each shopper may use; ``pinned`` and
    ``excluded`` are ``(offers,)`` flags set by staff (an offer both pinned and excluded is
    excluded)."""
    eligible = np.asarray(eligible, dtype=bool)
    if eligible.ndim != 2 or eligible.shape[1] != counts.offers:
        raise ValueError("eligible needs one row per shopper and one column per offer")
    n = eligible.shape[0]
    allowed = eligible.copy()
    if excluded is not None:
        allowed &= ~np.asarray(excluded, dtype=bool)[None, :]
    scores = policy.scores(counts, n, rng)
    if pinned is not None:
        scores = scores + _PIN_BONUS * np.asarray(pinned, dtype=bool)[None, :]
    scores = np.where(allowed, scores, -np.inf)
    chosen = np.argmax(scores, axis=1).astype(np.int64)
    return np.where(allowed.any(axis=1), chosen, NO_OFFER)


@dataclass(frozen=True)
class OfferCounts:
    impressions: int = 0
    clicks: int = 0
    conversions: int = 0


def choose_offer(
    policy: Policy,
    offers: Sequence[K],
    stats: Mapping[K, OfferCounts],
    rng: np.random.Generator,
    *,
    pinned: frozenset[K] = frozenset(),
    excluded: frozenset[K] = frozenset(),
) -> K | None:
    """One shopper's offer among ``offers`` (those they may use), by key; None for none.

    ``stats`` holds the counts of the shopper's segment; an offer missing from it is new."""
    if not offers:
        return None
    rows = [stats.get(key, OfferCounts()) for key in offers]
    impressions = np.array([max(r.impressions, 0) for r in rows], dtype=np.int64)
    # Counts recorded apart (impressions may be buffered) can lag each other: clamp them.
    clicks = np.minimum(np.array([max(r.clicks, 0) for r in rows], dtype=np.int64), impressions)
    conversions = np.minimum(
        np.array([max(r.conversions, 0) for r in rows], dtype=np.int64), clicks
    )
    counts = Counts(impressions, clicks, conversions)
    (index,) = choose_batch(
        policy,
        counts,
        rng,
        eligible=np.ones((1, len(offers)), dtype=bool),
        pinned=np.array([key in pinned for key in offers], dtype=bool),
        excluded=np.array([key in excluded for key in offers], dtype=bool),
    )
    return None if index == NO_OFFER else offers[int(index)]
