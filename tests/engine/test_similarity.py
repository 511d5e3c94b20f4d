"""Collaborative neighbours: hand-checked values, blockwise and chunked equivalence."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from benchmarks.synthetic import generate_shop
from recommendations.engine.similarity import (
    Neighbours,
    SimilarityConfig,
    chunk_bounds,
    design_matrix,
    item_neighbours,
    merge_neighbours,
)

# Every item is a source; no shrinkage, so values are plain formulas.
HAND = {"min_source_rows": 1, "shrink": 0.0}


def binary(rows: list[list[int]], n_items: int) -> sp.csr_matrix:
    """User x item matrix with a 1 for every listed item of every user."""
    r = [u for u, items in enumerate(rows) for _ in items]
    c = [i for items in rows for i in items]
    return sp.csr_matrix((np.ones(len(c), np.float32), (r, c)), shape=(len(rows), n_items))


@pytest.fixture
def four_items() -> sp.csr_matrix:
    """Gram diagonal [3, 5, 3, 1]; G01 = 3, G12 = 2, G23 = 1, every other pair 0."""
    return binary([[0, 1], [0, 1], [0, 1], [1, 2], [1, 2], [2, 3]], 4)


def lists(nb: Neighbours) -> dict[int, list[tuple[int, float]]]:
    return {
        i: [(int(j), round(float(s), 4)) for j, s in zip(*nb.row(i), strict=True)]
        for i in range(nb.n_items)
    }


def test_cosine_neighbours_by_hand(four_items):
    nb = item_neighbours(four_items, config=SimilarityConfig(method="cosine", k=2, **HAND))
    c01, c12, c23 = 3 / np.sqrt(15), 2 / np.sqrt(15), 1 / np.sqrt(3)
    assert lists(nb) == {
        0: [(1, round(c01, 4))],
        1: [(0, round(c01, 4)), (2, round(c12, 4))],
        2: [(3, round(c23, 4)), (1, round(c12, 4))],
        3: [(2, round(c23, 4))],
    }


def test_ridge_neighbours_by_hand(four_items):
    # l2 = 0.5 x mean diagonal (3) = 1.5; candidate pairs never co-occur, so each weight is
    # G[i, j] / (G[i, i] + 1.5).
    nb = item_neighbours(four_items, config=SimilarityConfig(k=2, l2=0.5, **HAND))
    assert lists(nb) == {
        0: [(1, round(3 / 4.5, 4))],
        1: [(0, round(3 / 6.5, 4)), (2, round(2 / 6.5, 4))],
        2: [(1, round(2 / 4.5, 4)), (3, round(1 / 4.5, 4))],
        3: [(2, round(1 / 2.5, 4))],
    }


def test_ridge_discounts_a_redundant_candidate():
    # Item 1 only co-occurs with item 2 where item 0 is there too: once 0 explains 2, item 1
    # adds nothing. Solve [[4, 2], [2, 4]] w = [2, 1] (l2 = 3/8 x mean diag 8/3 = 1): w = [0.5, 0].
    x = binary([[0, 1, 2], [0, 1], [0, 2], [1]], 3)
    nb = item_neighbours(x, config=SimilarityConfig(k=2, l2=0.375, **HAND))
    cosine = item_neighbours(x, config=SimilarityConfig(k=2, method="cosine", **HAND))
    assert (2, 0.5) in lists(nb)[0]
    assert 2 not in nb.row(1)[0]
    assert 2 in cosine.row(1)[0]


def test_an_item_is_never_its_own_neighbour():
    shop = generate_shop(n_users=300, n_items=200, n_interactions=4000, n_categories=8, seed=3)
    x = sp.csr_matrix((np.ones(shop.users.size), (shop.users, shop.items)))
    nb = item_neighbours(x, config=SimilarityConfig(k=20, min_source_rows=2))
    rows = np.arange(nb.n_items)[:, None]
    assert not (nb.indices == rows).any()
    assert (nb.indices >= 0).sum() > 0


def test_items_without_interactions_have_no_neighbours():
    x = binary([[0, 1], [0, 1]], 4)
    nb = item_neighbours(x, config=SimilarityConfig(**HAND))
    assert (nb.indices[2:] == -1).all()
    assert nb.row(0)[0].tolist() == [1]


def test_empty_matrices():
    empty = item_neighbours(sp.csr_matrix((0, 0), dtype=np.float32))
    assert empty.indices.shape[0] == 0
    no_events = item_neighbours(sp.csr_matrix((3, 5), dtype=np.float32))
    assert no_events.n_items == 5
    assert (no_events.indices == -1).all()


@pytest.fixture(scope="module")
def shop_matrix():
    shop = generate_shop(n_users=400, n_items=300, n_interactions=8000, n_categories=10, seed=5)
    x = sp.csr_matrix((np.ones(shop.users.size), (shop.users, shop.items)), dtype=np.float32)
    x.sum_duplicates()
    return x


def test_blockwise_result_equals_one_block(shop_matrix):
    config = {"k": 20, "min_source_rows": 3}
    one_block = item_neighbours(shop_matrix, config=SimilarityConfig(block_size=10_000, **config))
    tiny_blocks = item_neighbours(shop_matrix, config=SimilarityConfig(block_size=7, **config))
    np.testing.assert_array_equal(one_block.indices, tiny_blocks.indices)
    np.testing.assert_allclose(one_block.scores, tiny_blocks.scores, rtol=1e-5)


def test_chunked_slices_merged_equal_the_full_computation(shop_matrix):
    config = SimilarityConfig(k=20, min_source_rows=3)
    full = item_neighbours(shop_matrix, config=config)
    bounds = chunk_bounds(shop_matrix.shape[1], 3)
    assert bounds == [(0, 100), (100, 200), (200, 300)]
    parts = [
        item_neighbours(shop_matrix, config=config, item_start=a, item_stop=b) for a, b in bounds
    ]
    assert all(not np.array_equal(p.indices, full.indices) for p in parts)  # each is partial
    merged = merge_neighbours(parts[::-1])  # order does not matter
    np.testing.assert_array_equal(merged.indices, full.indices)
    np.testing.assert_allclose(merged.scores, full.scores, rtol=1e-6)
    again = merge_neighbours([merged, parts[0]])  # a chunk merged twice changes nothing
    np.testing.assert_array_equal(again.indices, full.indices)


def test_bad_slices_and_chunk_counts_are_rejected(shop_matrix):
    with pytest.raises(ValueError):
        item_neighbours(shop_matrix, item_start=50, item_stop=10)
    with pytest.raises(ValueError):
        chunk_bounds(10, 0)
    assert chunk_bounds(2, 5) == [(0, 1), (1, 2)]


def test_sessions_add_cooccurrence():
    users = binary([[0, 1, 2]], 3)  # one user: 0, 1, 2 all co-occur once
    sessions = binary([[0, 1], [0, 1]], 3)  # but 0 and 1 were twice in the same basket
    z = design_matrix(users, sessions, session_weight=1.0)
    gram = (z.T @ z).toarray()
    assert gram[0, 1] == 3 and gram[0, 2] == 1
    nb = item_neighbours(users, sessions, SimilarityConfig(method="cosine", **HAND))
    assert nb.row(0)[0][0] == 1  # the basket mate ranks first


def test_to_csr_rows_are_seeds(four_items):
    nb = item_neighbours(four_items, config=SimilarityConfig(k=2, l2=0.5, **HAND))
    w = nb.to_csr().toarray()
    assert w[1, 0] == pytest.approx(3 / 6.5) and w[0, 1] == pytest.approx(3 / 4.5)
