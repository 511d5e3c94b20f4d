"""The shipped recommender: exclusions, fallbacks, reasons, and parity with serving."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from benchmarks.synthetic import generate_shop
from recommendations.engine.recommender import Recommender
from recommendations.engine.serving import score_from_neighbours
from recommendations.engine.similarity import Neighbours, SimilarityConfig

# seed -> (targets, weights): 0 -> 1 (.6), 2 (.3); 1 -> 0 (.5), 3 (.4); 2 -> 3 (.9); 3 -> -
LISTS = Neighbours(
    np.array([[1, 2], [0, 3], [3, -1], [-1, -1], [-1, -1]], np.int32),
    np.array([[0.6, 0.3], [0.5, 0.4], [0.9, 0], [0, 0], [0, 0]], np.float32),
)
POPULARITY = np.array([5.0, 4.0, 3.0, 2.0, 1.0])


@pytest.fixture
def model() -> Recommender:
    return Recommender.from_neighbours(LISTS, POPULARITY)


def test_scores_sum_over_seeds_and_name_the_strongest_seed(model):
    recs = model.recommend_for_history([(0, 1.0), (2, 1.0)], k=2)
    # item 3: 0.9 (from 2); item 1: 0.6 (from 0); seeds 0 and 2 are never suggested
    assert recs.items[0].tolist() == [3, 1]
    assert recs.scores[0] == pytest.approx([0.9, 0.6])
    assert recs.because[0].tolist() == [2, 0]


def test_history_weights_scale_contributions(model):
    recs = model.recommend_for_history([(0, 1.0), (1, 3.0)], k=2)
    # item 3: 3 * 0.4 = 1.2 beats item 2: 0.3; 0 and 1 are the user's own items
    assert recs.items[0].tolist() == [3, 2]
    assert recs.because[0].tolist() == [1, 0]


def test_short_lists_are_filled_with_popular_items_never_seen_or_excluded(model):
    recs = model.recommend_for_history([(2, 1.0)], k=4, exclude=[0])
    assert recs.items[0].tolist() == [3, 1, 4, -1]  # 3 from neighbours, then popularity
    assert recs.because[0].tolist() == [2, -1, -1, -1]
    assert recs.scores[0][1] == 0.0


def test_no_history_gets_bestsellers(model):
    recs = model.recommend_for_history([], k=3)
    assert recs.items[0].tolist() == [0, 1, 2]
    assert (recs.because[0] == -1).all()


def test_cart_completion_combines_seeds_and_excludes_the_cart(model):
    recs = model.complete_basket([0, 1], k=3)
    assert recs.items[0].tolist() == [3, 2, 4]
    assert 0 not in recs.items[0] and 1 not in recs.items[0]


def test_similar_items_is_the_items_own_list(model):
    items, scores = model.similar_items(1)
    assert items.tolist() == [0, 3] and scores == pytest.approx([0.5, 0.4])


def test_matches_request_time_serving(model):
    history = {0: 1.0, 1: 0.5, 2: 2.0}
    lists = {i: model.similar_items(i, k=10) for i in history}
    served = score_from_neighbours(
        history, {i: (a.tolist(), b.tolist()) for i, (a, b) in lists.items()}
    )
    recs = model.recommend_for_history(history.items(), k=len(served))
    assert [s.item for s in served] == recs.items[0].tolist()
    assert [s.because for s in served] == recs.because[0].tolist()
    assert [s.score for s in served] == pytest.approx(recs.scores[0].tolist())


def test_fitted_model_never_recommends_training_items():
    shop = generate_shop(n_users=200, n_items=150, n_interactions=3000, n_categories=6, seed=2)
    x = sp.csr_matrix((np.ones(shop.users.size, np.float32), (shop.users, shop.items)))
    x.sum_duplicates()
    model = Recommender(SimilarityConfig(min_source_rows=3)).fit(x)
    users = np.arange(x.shape[0])
    recs = model.recommend(users, k=10)
    assert (recs.items >= 0).all()  # 150 items: always 10 left to offer
    for user, row in zip(users, recs.items, strict=True):
        assert not set(row.tolist()) & set(x[user].indices.tolist())
        assert len(set(row.tolist())) == 10
    extra = sp.csr_matrix(
        (np.ones(users.size), (users, recs.items[:, 0])), shape=x.shape, dtype=np.float32
    )
    again = model.recommend(users, k=10, exclude=extra)
    assert not (again.items == recs.items[:, :1]).any()
    explained = recs.because[recs.because >= 0]
    assert explained.size > 0


def test_unfitted_and_bad_input_raise():
    with pytest.raises(RuntimeError):
        Recommender().recommend([0])
    with pytest.raises(IndexError):
        Recommender.from_neighbours(LISTS, POPULARITY).recommend_for_history([(9, 1.0)])
    with pytest.raises(ValueError):
        Recommender.from_neighbours(LISTS, POPULARITY[:3])


def test_empty_catalogue():
    model = Recommender().fit(sp.csr_matrix((0, 0), dtype=np.float32))
    recs = model.recommend_histories(sp.csr_matrix((2, 0), dtype=np.float32), k=3)
    assert recs.items.shape == (2, 3) and (recs.items == -1).all()
