"""Offline protocol: split and metrics on hand-computable examples."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.sparse as sp

from recommendations.engine.evaluation import ranking_metrics, split_per_user


def test_metrics_by_hand():
    # user 0 holds out {1, 5}, gets [1, 2, 5]: hits at ranks 1 and 3
    # user 1 holds out {7}, gets [3, 4, 6]: no hit
    test = sp.csr_matrix((np.ones(3), ([0, 0, 1], [1, 5, 7])), shape=(2, 10))
    recs = np.array([[1, 2, 5], [3, 4, 6]])
    m = ranking_metrics(recs, test, n_catalogue=10, k=3)
    dcg = 1 + 1 / math.log2(4)
    idcg = 1 + 1 / math.log2(3)
    assert m.precision == pytest.approx((2 / 3 + 0) / 2)
    assert m.recall == pytest.approx((1.0 + 0) / 2)
    assert m.ndcg == pytest.approx((dcg / idcg + 0) / 2)
    assert m.map == pytest.approx(((1 + 2 / 3) / 2 + 0) / 2)
    assert m.coverage == pytest.approx(6 / 10)
    assert m.users == 2


def test_ideal_dcg_is_capped_at_k_and_padding_counts_as_a_miss():
    test = sp.csr_matrix(np.ones((1, 5)))
    perfect = ranking_metrics(np.array([[0, 1]]), test, 5, k=2)
    assert perfect.ndcg == pytest.approx(1.0) and perfect.map == pytest.approx(1.0)
    padded = ranking_metrics(np.array([[0, -1]]), test, 5, k=2)
    assert padded.precision == pytest.approx(0.5)


def test_users_without_held_out_items_are_not_evaluated():
    test = sp.csr_matrix((np.ones(1), ([1], [0])), shape=(2, 3))
    m = ranking_metrics(np.array([[1], [0]]), test, 3, k=1)
    assert m.users == 1 and m.precision == 1.0


def test_split_holds_out_a_fifth_of_each_user_deterministically():
    users = np.repeat(np.arange(4), [10, 5, 2, 1])
    mask = split_per_user(users)
    assert [int(mask[users == u].sum()) for u in range(4)] == [2, 1, 1, 0]
    np.testing.assert_array_equal(mask, split_per_user(users))
    other_seed = split_per_user(users, seed=7)
    assert [int(other_seed[users == u].sum()) for u in range(4)] == [2, 1, 1, 0]
    assert split_per_user(np.array([], dtype=int)).size == 0
