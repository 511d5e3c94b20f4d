"""The complements model: size prior by hand, the product-type and price rules, baskets."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
import scipy.sparse as sp

from recommendations.engine.complements import (
    Complements,
    ComplementsConfig,
    baskets_of,
    size_bucket,
)
from recommendations.engine.interactions import build_from_values

PHONE, CASE, CHARGER, PHONE_2, MILK, TV = range(6)
HAND = ComplementsConfig(min_source_baskets=1, shrink=0.0, l2=0.5, prior_smoothing=2.0)


def baskets(rows: list[list[int]], n_items: int) -> sp.csr_matrix:
    r = [b for b, items in enumerate(rows) for _ in items]
    c = [i for items in rows for i in items]
    return sp.csr_matrix((np.ones(len(c)), (r, c)), shape=(len(rows), n_items))


# Phones come with cases and chargers; the TV is bought with a case in all its 4 baskets;
# milk goes alone or once with a charger. 30 baskets, the case in 10 of them.
ROWS = (
    [[PHONE, CASE]] * 4 + [[PHONE, CHARGER]] * 3 + [[PHONE_2, CASE]] * 2
    + [[TV, CASE]] * 4 + [[MILK]] * 16 + [[MILK, CHARGER]]
)  # fmt: skip


@pytest.fixture
def shop() -> Complements:
    return Complements(HAND).fit(baskets(ROWS, 6))


def test_size_buckets_double():
    assert size_bucket(np.arange(0, 18)).tolist() == (
        [0, 0, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4]
    )


def test_size_prior_by_hand():
    model = Complements(HAND).fit(baskets([[0, 1], [0, 1], [0, 2], [3]], 4))
    # leave-one-out events (one seed each, bucket 0): item 0 three times, 1 twice, 2 once
    overall = np.array([4, 3, 2, 1]) / 10  # (counts + 1) / (6 + 4 items)
    bucket0 = (np.array([3, 2, 1, 0]) + 2 * overall) / (6 + 2)
    assert np.exp(model.log_prior[0]) == pytest.approx(bucket0)
    assert np.exp(model.log_prior[3]) == pytest.approx(overall)  # no such baskets: overall


def test_shrunk_lift_by_hand(shop):
    # phone and case: together in 4 of 30 baskets, phone in 7, case in 10 -> E = 70 / 30
    expected = 7 * 10 / 30
    assert shop.pair_lift(np.array([PHONE]), np.array([CASE]))[0, 0] == pytest.approx(
        (4 + 10) / (expected + 10)
    )


def test_a_phone_brings_its_accessories_never_another_phone(shop):
    keys = np.array([1, 2, 3, 1, 4, 5])  # product type: the two phones share one
    done = shop.complete([PHONE], k=3, item_key=keys)
    top = done.items[0].tolist()
    assert top[:2] == [CASE, CHARGER] or top[:2] == [CHARGER, CASE]
    assert PHONE_2 not in top and PHONE not in top
    assert done.because[0, :2].tolist() == [PHONE, PHONE]
    without_keys = shop.complete([PHONE], k=6).items[0].tolist()
    assert PHONE_2 in without_keys and PHONE not in without_keys


def test_scores_are_the_seeds_weights_plus_the_size_prior(shop):
    done = shop.complete([PHONE, MILK], k=6)
    weights = shop.neighbours.to_csr()[[PHONE, MILK]].toarray().sum(axis=0)
    expected = weights + HAND.prior_weight * shop.log_prior[size_bucket(2)]
    for item, score in zip(done.items[0], done.scores[0], strict=True):
        if item >= 0:
            assert score == pytest.approx(expected[item], rel=1e-5)
    shown = done.scores[0][done.items[0] >= 0].tolist()
    assert len(shown) == 4 and shown == sorted(shown, reverse=True)  # 6 items, 2 in the cart


def test_never_dearer_than_the_basket_unless_bought_together_often(shop):
    prices = np.array([500.0, 20.0, 25.0, 450.0, 1.0, 900.0])
    # a case (20.00) in the cart: the TV and the phone were bought with cases in 4 baskets each
    # at lift > 1, so they may come; the second phone only in 2 (< 3), the charger never
    cart = shop.complete([CASE], k=6, prices=prices).items[0].tolist()
    assert TV in cart and PHONE in cart and MILK in cart
    assert PHONE_2 not in cart and CHARGER not in cart
    strict = Complements(replace(HAND, min_pair_baskets=5)).fit(baskets(ROWS, 6))
    assert strict.complete([CASE], k=6, prices=prices).items[0].tolist()[:2] == [MILK, -1]
    # milk (1.00): the charger (25) was bought with milk once only
    assert CHARGER not in shop.complete([MILK], k=6, prices=prices).items[0].tolist()


def test_unknown_prices_and_excluded_items(shop):
    prices = np.array([np.nan] * 6)
    done = shop.complete([PHONE], k=6, prices=prices, exclude=[CASE]).items[0].tolist()
    assert CASE not in done and CHARGER in done  # no price known: no cap


def test_empty_basket_gets_the_prior_and_bad_width_raises(shop):
    done = shop.complete([], k=2)
    assert done.items[0].tolist() == list(np.argsort(-shop.log_prior[0], kind="stable")[:2])
    assert (done.because == -1).all()
    with pytest.raises(ValueError):
        shop.complete_many(sp.csr_matrix((1, 3)), k=2)


def test_baskets_are_sessions_with_single_items_kept_or_user_rows():
    timed = build_from_values(["u", "u", "u", "v"], ["a", "b", "c", "a"], None,
                              [0.0, 10.0, 5000.0, 0.0])  # fmt: skip
    got = baskets_of(timed).toarray()
    assert sorted(map(tuple, got.tolist())) == [(0, 0, 1), (1, 0, 0), (1, 1, 0)]
    untimed = build_from_values(["u", "u", "v"], ["a", "b", "a"])
    assert baskets_of(untimed).toarray().tolist() == [
        [pytest.approx(math.log(2))] * 2,
        [pytest.approx(math.log(2)), 0],
    ]


def test_each_items_own_list_is_its_completion_kept_to_pairs_seen_together(shop):
    keys = np.array([1, 2, 3, 1, 4, 5])
    prices = np.array([500.0, 20.0, 25.0, 450.0, 1.0, 900.0])
    lists = shop.item_lists(k=6, item_key=keys, prices=prices)
    assert len(lists) == 6
    phone_ids, phone_scores = lists[PHONE]
    # the case and the charger, never the other phone, never milk (never bought with a phone)
    assert sorted(phone_ids.tolist()) == [CASE, CHARGER]
    assert phone_scores.tolist() == sorted(phone_scores.tolist(), reverse=True)
    # the scores are the regression's weights, phone -> item
    weights = shop.neighbours.to_csr()[PHONE].toarray()[0]
    assert phone_scores == pytest.approx(weights[phone_ids], rel=1e-5)
    assert set(phone_ids.tolist()) <= set(
        shop.complete([PHONE], k=6, item_key=keys, prices=prices).items[0].tolist()
    )
    # a case: the phone and the TV are dearer but proven; the second phone (2 baskets) is not
    case_ids = lists[CASE][0].tolist()
    assert PHONE in case_ids and TV in case_ids and PHONE_2 not in case_ids
    assert CASE not in case_ids
    # milk went alone but for one charger: dearer and unproven, so nothing at all
    assert lists[MILK][0].tolist() == []


def test_a_basket_of_the_lists_obeys_the_basket_rules():
    model = Complements(HAND).fit(baskets(ROWS, 6))
    keys = np.array([1, 2, 3, 1, 4, 5])
    prices = np.array([500.0, 20.0, 25.0, 450.0, 1.0, 900.0])
    lists = model.item_lists(k=6, item_key=keys, prices=prices)
    cart = [CASE, MILK]
    union = {int(item) for seed in cart for item in lists[seed][0]}
    allowed = set(model.complete(cart, k=6, item_key=keys, prices=prices).items[0].tolist())
    assert union <= allowed
