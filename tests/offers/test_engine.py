"""The offer bandit without a database: the staff and eligibility rules hold for every policy,
Thompson sampling follows the evidence, and choices are reproducible from the seed."""

from __future__ import annotations

import numpy as np
import pytest

from shop.offers.engine.bandit import (
    NO_OFFER,
    Counts,
    EpsilonGreedy,
    OfferCounts,
    ThompsonPriors,
    ThompsonSampling,
    UniformRandom,
    choose_batch,
    choose_offer,
)

POLICIES = [
    ThompsonSampling(),
    ThompsonSampling(sharpness=4.0),
    EpsilonGreedy(0.1),
    UniformRandom(),
]
IDS = ["thompson", "thompson-sharp", "epsilon-greedy", "uniform"]


def counts(*rows: tuple[int, int, int]) -> Counts:
    impressions, clicks, conversions = (
        np.array(column, dtype=np.int64) for column in zip(*rows, strict=True)
    )
    return Counts(impressions, clicks, conversions)


# Offer 0 is by far the best on the evidence, so a policy that ignored the rules would pick it.
EVIDENCE = counts((1000, 200, 60), (1000, 100, 5), (1000, 90, 4), (1000, 80, 3))


@pytest.mark.parametrize("policy", POLICIES, ids=IDS)
def test_an_excluded_offer_is_never_shown(policy):
    excluded = np.array([True, False, False, False])
    chosen = choose_batch(
        policy,
        EVIDENCE,
        np.random.default_rng(1),
        eligible=np.ones((2000, 4), dtype=bool),
        excluded=excluded,
    )
    assert 0 not in set(chosen.tolist())
    assert set(chosen.tolist()) <= {1, 2, 3}


@pytest.mark.parametrize("policy", POLICIES, ids=IDS)
def test_an_offer_the_shopper_cannot_use_is_never_shown(policy):
    rng = np.random.default_rng(2)
    eligible = rng.random((2000, 4)) < 0.5
    eligible[:10] = False  # these shoppers may use nothing
    chosen = choose_batch(policy, EVIDENCE, rng, eligible=eligible)
    assert (chosen[:10] == NO_OFFER).all()
    shown = chosen[chosen != NO_OFFER]
    rows = np.flatnonzero(chosen != NO_OFFER)
    assert eligible[rows, shown].all()
    # Everyone with at least one usable offer gets one.
    assert ((chosen == NO_OFFER) == ~eligible.any(axis=1)).all()


@pytest.mark.parametrize("policy", POLICIES, ids=IDS)
def test_a_pinned_offer_is_always_shown_when_the_shopper_can_use_it(policy):
    rng = np.random.default_rng(3)
    pinned = np.array([False, False, False, True])  # the worst offer on the evidence
    eligible = np.ones((1000, 4), dtype=bool)
    eligible[:100, 3] = False
    chosen = choose_batch(policy, EVIDENCE, rng, eligible=eligible, pinned=pinned)
    assert (chosen[100:] == 3).all()
    # Those who cannot use it get an offer they can use, not the pinned one.
    assert set(chosen[:100].tolist()) <= {0, 1, 2}


def test_pinned_and_excluded_is_excluded():
    flags = np.array([True, False, False, False])
    chosen = choose_batch(
        ThompsonSampling(),
        EVIDENCE,
        np.random.default_rng(4),
        eligible=np.ones((500, 4), dtype=bool),
        pinned=flags,
        excluded=flags,
    )
    assert 0 not in set(chosen.tolist())


def test_several_pinned_offers_share_the_slot_by_the_policy():
    pinned = np.array([True, True, False, False])
    chosen = choose_batch(
        ThompsonSampling(),
        EVIDENCE,
        np.random.default_rng(5),
        eligible=np.ones((2000, 4), dtype=bool),
        pinned=pinned,
    )
    assert set(chosen.tolist()) <= {0, 1}
    # Offer 0 converts 6% against 0.5%: Thompson sampling nearly always shows it.
    assert (chosen == 0).mean() > 0.99


def test_thompson_sampling_follows_the_evidence():
    chosen = choose_batch(
        ThompsonSampling(),
        EVIDENCE,
        np.random.default_rng(6),
        eligible=np.ones((2000, 4), dtype=bool),
    )
    assert (chosen == 0).mean() > 0.99


def test_thompson_sampling_explores_offers_it_knows_nothing_about():
    # Offer 1 was never shown: its posterior is the prior, wide enough to be tried.
    evidence = counts((1000, 100, 20), (0, 0, 0))
    chosen = choose_batch(
        ThompsonSampling(),
        evidence,
        np.random.default_rng(7),
        eligible=np.ones((4000, 2), dtype=bool),
    )
    share_new = (chosen == 1).mean()
    assert 0.05 < share_new < 0.95


def test_thompson_scores_are_draws_from_the_two_posteriors():
    # Mean of the product of independent Beta draws = product of the Beta means:
    # clicks Beta(2 + 4*30, 3 + 4*70) = Beta(122, 283),
    # orders Beta(1 + 4*6, 1 + 4*24) = Beta(25, 97).
    policy = ThompsonSampling(ThompsonPriors(2.0, 3.0, 1.0, 1.0), sharpness=4.0)
    scores = policy.scores(counts((100, 30, 6)), 200_000, np.random.default_rng(8))
    expected = (122 / 405) * (25 / 122)
    assert scores.shape == (200_000, 1)
    assert scores.mean() == pytest.approx(expected, rel=0.01)
    assert ((scores >= 0) & (scores <= 1)).all()


def test_sharper_posteriors_explore_less():
    evidence = counts((300, 30, 6), (300, 30, 4))  # 2% against 1.3%
    eligible = np.ones((20_000, 2), dtype=bool)
    plain = choose_batch(ThompsonSampling(), evidence, np.random.default_rng(9), eligible=eligible)
    sharp = choose_batch(
        ThompsonSampling(sharpness=8.0), evidence, np.random.default_rng(9), eligible=eligible
    )
    assert (sharp == 0).mean() > (plain == 0).mean() + 0.05


def test_epsilon_greedy_exploits_and_explores():
    eligible = np.ones((20_000, 4), dtype=bool)
    greedy = choose_batch(
        EpsilonGreedy(0.0), EVIDENCE, np.random.default_rng(10), eligible=eligible
    )
    assert (greedy == 0).all()
    mixed = choose_batch(EpsilonGreedy(0.2), EVIDENCE, np.random.default_rng(10), eligible=eligible)
    # 80% greedy plus a quarter of the 20% random: 85% on offer 0, 5% on each other.
    assert (mixed == 0).mean() == pytest.approx(0.85, abs=0.01)
    assert (mixed == 3).mean() == pytest.approx(0.05, abs=0.01)


def test_uniform_random_ignores_the_evidence():
    chosen = choose_batch(
        UniformRandom(),
        EVIDENCE,
        np.random.default_rng(11),
        eligible=np.ones((40_000, 4), dtype=bool),
    )
    shares = np.bincount(chosen, minlength=4) / chosen.size
    assert shares == pytest.approx([0.25] * 4, abs=0.01)


@pytest.mark.parametrize("policy", POLICIES, ids=IDS)
def test_the_same_seed_gives_the_same_choices(policy):
    eligible = np.ones((300, 4), dtype=bool)
    first = choose_batch(policy, EVIDENCE, np.random.default_rng(12), eligible=eligible)
    again = choose_batch(policy, EVIDENCE, np.random.default_rng(12), eligible=eligible)
    other = choose_batch(UniformRandom(), EVIDENCE, np.random.default_rng(13), eligible=eligible)
    assert (first == again).all()
    assert not (other == first).all()


def test_choose_offer_by_key():
    stats = {"spring": OfferCounts(1000, 200, 60), "winter": OfferCounts(1000, 100, 2)}
    rng = np.random.default_rng(14)
    picks = [choose_offer(ThompsonSampling(), ["winter", "spring"], stats, rng) for _ in range(200)]
    assert picks.count("spring") > 190
    assert choose_offer(ThompsonSampling(), [], stats, rng) is None
    assert (
        choose_offer(ThompsonSampling(), ["spring"], stats, rng, excluded=frozenset({"spring"}))
        is None
    )
    assert (
        choose_offer(
            ThompsonSampling(), ["spring", "winter"], stats, rng, pinned=frozenset({"winter"})
        )
        == "winter"
    )
    # A new offer (no counts yet) can be chosen.
    assert choose_offer(ThompsonSampling(), ["new"], stats, rng) == "new"


def test_choose_offer_tolerates_counts_that_lag_each_other():
    # Impressions are buffered, clicks written at once: clicks may run ahead for a while.
    stats = {1: OfferCounts(impressions=3, clicks=5, conversions=7)}
    assert choose_offer(ThompsonSampling(), [1], stats, np.random.default_rng(15)) == 1


@pytest.mark.parametrize(
    "rows",
    [((10, 11, 0),), ((10, 5, 6),), ((10, 5, -1),)],
    ids=["clicks>impressions", "conversions>clicks", "negative"],
)
def test_impossible_counts_are_refused(rows):
    with pytest.raises(ValueError):
        counts(*rows)


def test_bad_hyperparameters_and_shapes_are_refused():
    with pytest.raises(ValueError):
        EpsilonGreedy(1.5)
    with pytest.raises(ValueError):
        ThompsonSampling(sharpness=0.0)
    with pytest.raises(ValueError):
        ThompsonPriors(0.0, 1.0, 1.0, 1.0)
    with pytest.raises(ValueError):
        choose_batch(
            UniformRandom(),
            EVIDENCE,
            np.random.default_rng(0),
            eligible=np.ones((3, 2), dtype=bool),
        )
