"""The offer slot's bandit on simulated shoppers: conversions as a share of the best fixed offer.

Usage: python benchmarks/offers_bandit.py

The simulation's parameters are fixed here (issue 19), not taken from the command line:

* 8 offers, 4 segments; each offer's true conversion rate per impression in each segment is
  drawn uniformly between 1% and 5%, and each segment's second-best offer is redrawn until it
  lies within 20% of the best (enforced by construction, asserted for every seed);
* a conversion needs a click: each offer's click rate is drawn between 8% and 20%, and its
  conversion rate per click is the conversion rate divided by the click rate;
* 30 days of 250 shoppers per segment per day (a small shop: about 1,000 visits a day that
  reach the slot, each shown one offer), 7,500 impressions per segment; the counts the policy
  sees are refreshed every hour (the policy picks for a whole hour from the same counts);
* every policy meets the same shoppers: whether shopper i would click and buy offer k is drawn
  once per seed (common random numbers), so the policies differ only in what they show.

The score of a policy on one seed is its conversions divided by those of showing each
segment's best offer (by true rate) to every shopper of that segment, the best fixed
per-segment offer, on the same shoppers. Hyperparameters of every policy (epsilon of
epsilon-greedy; the Beta priors and the posterior sharpness of Thompson sampling; uniform
random has none) are chosen the
same way: the best mean score over 10 validation seeds (1000-1009), from grids fixed below.
The 20 test seeds (2000-2019; see TEST_SEEDS) are then scored once with the chosen values.
Target (issue 19): Thompson sampling's mean score over the test seeds >= 90%. Exit status 0
on PASS.
"""

from __future__ import annotations

import itertools
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from shop.offers.engine.bandit import (
    NO_OFFER,
    Counts,
    EpsilonGreedy,
    Policy,
    ThompsonPriors,
    ThompsonSampling,
    UniformRandom,
    choose_batch,
)

OFFERS = 8
SEGMENTS = 4
MIN_RATE, MAX_RATE = 0.01, 0.05
MAX_TOP_GAP = 0.20  # (best - second best) / best, per segment
MIN_CLICK_RATE, MAX_CLICK_RATE = 0.08, 0.20
DAYS = 30
VISITORS_PER_SEGMENT_PER_DAY = 250
REFRESHES_PER_DAY = 24
# Seeds 0-19 were the test seeds until the policy was redesigned after scoring them (85.1%),
# which made them seen; the test seeds are now 2000-2019, never used before 2026-12-03.
TEST_SEEDS = tuple(range(2000, 2020))
VALIDATION_SEEDS = tuple(range(1000, 1010))
TARGET = 0.90

# The grids: each policy's values around its usual defaults, both ends included.
EPSILONS = (0.0, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2)
PRIORS = (
    ThompsonPriors(1.0, 1.0, 1.0, 1.0),  # uniform
    ThompsonPriors(0.5, 0.5, 0.5, 0.5),  # Jeffreys
    ThompsonPriors(1.0, 9.0, 1.0, 4.0),  # clicks around 10%, orders around 20% of clicks
)
SHARPNESS = (1.0, 2.0, 4.0, 8.0)


@dataclass(frozen=True)
class Shop:
    rates: np.ndarray  # (segments, offers): conversions per impression
    clicks: np.ndarray  # (segments, visitors, offers): would shopper i click offer k
    converts: np.ndarray  # (segments, visitors, offers): would they then order


def make_shop(seed: int) -> Shop:
    rng = np.random.default_rng([seed, 19])
    rates = rng.uniform(MIN_RATE, MAX_RATE, (SEGMENTS, OFFERS))
    for s in range(SEGMENTS):
        order = np.argsort(-rates[s])
        best = rates[s, order[0]]
        if rates[s, order[1]] < (1 - MAX_TOP_GAP) * best:
            rates[s, order[1]] = rng.uniform(max((1 - MAX_TOP_GAP) * best, MIN_RATE), best)
    top2 = -np.sort(-rates, axis=1)[:, :2]
    assert ((top2[:, 0] - top2[:, 1]) / top2[:, 0] <= MAX_TOP_GAP + 1e-12).all()
    assert ((rates >= MIN_RATE) & (rates <= MAX_RATE)).all()
    click_rates = rng.uniform(MIN_CLICK_RATE, MAX_CLICK_RATE, (SEGMENTS, OFFERS))
    per_click = rates / click_rates
    visitors = DAYS * VISITORS_PER_SEGMENT_PER_DAY
    clicks = rng.random((SEGMENTS, visitors, OFFERS)) < click_rates[:, None, :]
    converts = clicks & (rng.random((SEGMENTS, visitors, OFFERS)) < per_click[:, None, :])
    return Shop(rates, clicks, converts)


def best_fixed_conversions(shop: Shop) -> int:
    best = np.argmax(shop.rates, axis=1)
    return int(sum(shop.converts[s, :, best[s]].sum() for s in range(SEGMENTS)))


def run_policy(policy: Policy, shop: Shop, seed: int) -> int:
    """Conversions of ``policy`` over the 30 days, all segments together."""
    rng = np.random.default_rng([seed, 7])
    visitors = shop.clicks.shape[1]
    edges = np.linspace(0, visitors, DAYS * REFRESHES_PER_DAY + 1).astype(int)
    total = 0
    for s in range(SEGMENTS):
        impressions = np.zeros(OFFERS, dtype=np.int64)
        clicks = np.zeros(OFFERS, dtype=np.int64)
        conversions = np.zeros(OFFERS, dtype=np.int64)
        for start, stop in itertools.pairwise(edges):
            counts = Counts(impressions.copy(), clicks.copy(), conversions.copy())
            eligible = np.ones((stop - start, OFFERS), dtype=bool)
            shown = choose_batch(policy, counts, rng, eligible=eligible)
            assert (shown != NO_OFFER).all()
            rows = np.arange(start, stop)
            clicked = shop.clicks[s, rows, shown]
            converted = shop.converts[s, rows, shown]
            impressions += np.bincount(shown, minlength=OFFERS)
            clicks += np.bincount(shown, weights=clicked, minlength=OFFERS).astype(np.int64)
            conversions += np.bincount(shown, weights=converted, minlength=OFFERS).astype(np.int64)
        total += int(conversions.sum())
    return total


def shares(policy: Policy, seeds: tuple[int, ...]) -> np.ndarray:
    out = []
    for seed in seeds:
        shop = make_shop(seed)
        out.append(run_policy(policy, shop, seed) / best_fixed_conversions(shop))
    return np.array(out)


def tune(candidates: list[tuple[str, Policy]]) -> tuple[str, Policy]:
    """The candidate with the best mean share on the validation seeds (printed)."""
    scored = []
    for label, policy in candidates:
        mean = float(shares(policy, VALIDATION_SEEDS).mean())
        print(f"  {policy.name:<18} {label:<52} {mean:6.1%}")
        scored.append((mean, label, policy))
    _mean, label, policy = max(scored, key=lambda row: row[0])
    return label, policy


def main() -> int:
    started = time.perf_counter()
    print(
        f"{OFFERS} offers, {SEGMENTS} segments, rates {MIN_RATE:.0%}-{MAX_RATE:.0%}, "
        f"top-two gap <= {MAX_TOP_GAP:.0%}, {DAYS} days x {VISITORS_PER_SEGMENT_PER_DAY} "
        f"shoppers/segment/day, counts refreshed {REFRESHES_PER_DAY}x a day"
    )
    print(f"tuning on validation seeds {VALIDATION_SEEDS[0]}-{VALIDATION_SEEDS[-1]}:")
    eps_label, eps_policy = tune([(f"epsilon={e}", EpsilonGreedy(epsilon=e)) for e in EPSILONS])
    ts_label, ts_policy = tune(
        [
            (
                f"click B({p.click_alpha:g},{p.click_beta:g}) "
                f"order B({p.conversion_alpha:g},{p.conversion_beta:g}) sharpness {k:g}",
                ThompsonSampling(priors=p, sharpness=k),
            )
            for p in PRIORS
            for k in SHARPNESS
        ]
    )
    chosen: list[tuple[str, Policy]] = [
        (ts_label, ts_policy),
        (eps_label, eps_policy),
        ("(no hyperparameters)", UniformRandom()),
    ]
    print(f"\ntest seeds {TEST_SEEDS[0]}-{TEST_SEEDS[-1]}, scored once; share of the best fixed")
    print("per-segment offer's conversions (mean, standard deviation and range over seeds):")
    results = {}
    for label, policy in chosen:
        values = shares(policy, TEST_SEEDS)
        results[policy.name] = values
        print(
            f"  {policy.name:<18} {values.mean():6.1%}  sd {values.std(ddof=1):5.1%}  "
            f"min {values.min():6.1%}  max {values.max():6.1%}   {label}"
        )
    thompson = float(results[ts_policy.name].mean())
    verdict = "PASS" if thompson >= TARGET else "MISS"
    print(
        f"\n{verdict}: Thompson sampling {thompson:.1%} of the best fixed offer "
        f"(target {TARGET:.0%})"
    )
    print(f"({time.perf_counter() - started:.0f} s)")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
