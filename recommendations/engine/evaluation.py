"""Offline evaluation protocol shared by the CLI and the benchmarks.

One definition of the split and of every metric, so that figures printed by
``python -m recommendations.offline evaluate`` and by ``benchmarks/recsys_quality.py`` are
comparable: a per-user random 80/20 hold-out (seed 42) and top-k lists that exclude the
user's training items. Relevance is binary (any held-out interaction is relevant).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

DEFAULT_SEED = 42
DEFAULT_TEST_FRACTION = 0.2


def split_per_user(
    user_index: np.ndarray,
    test_fraction: float = DEFAULT_TEST_FRACTION,
    seed: int = DEFAULT_SEED,
) -> np.ndarray:
    """Boolean mask of held-out interactions: ``round(fraction * n)`` random ones per user.

    Users with a single interaction keep it in training (they could not be scored anyway); all
    others hold out at least one. The random draw depends only on the seed and the row order.
    """
    users = np.asarray(user_index)
    n = users.size
    test = np.zeros(n, dtype=bool)
    if n == 0:
        return test
    rng = np.random.default_rng(seed)
    key = rng.random(n)
    order = np.lexsort((key, users))
    sorted_users = users[order]
    starts = np.r_[0, np.flatnonzero(sorted_users[1:] != sorted_users[:-1]) + 1]
    counts = np.diff(np.r_[starts, n])
    n_test = np.where(counts >= 2, np.maximum(1, np.round(test_fraction * counts)), 0)
    rank = np.arange(n) - np.repeat(starts, counts)
    test[order[rank < np.repeat(n_test, counts)]] = True
    return test


@dataclass(frozen=True)
class RankingMetrics:
    """Mean per-user metrics over users with at least one held-out item."""

    precision: float
    recall: float
    ndcg: float
    map: float
    coverage: float
    users: int

    def as_dict(self) -> dict[str, float]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "ndcg": self.ndcg,
            "map": self.map,
            "coverage": self.coverage,
        }


def ranking_metrics(
    recommended: np.ndarray, test: sp.spmatrix, n_catalogue: int, k: int = 10
) -> RankingMetrics:
    """Precision, recall, NDCG, MAP at ``k`` and catalogue coverage.

    ``recommended`` is ``(n_users, >=k)`` item indices (-1 = no item) aligned with the rows of
    ``test`` (users x items, any non-zero = relevant). NDCG uses binary gains and an ideal DCG
    over ``min(|test|, k)`` items; MAP@k divides by the same ``min(|test|, k)``. Coverage is the
    share of the catalogue (``n_catalogue`` items) appearing in at least one evaluated list.
    """
    test = sp.csr_matrix(test)
    recs = np.asarray(recommended)[:, :k]
    n_relevant = np.diff(test.indptr)
    evaluated = np.flatnonzero(n_relevant > 0)
    if evaluated.size == 0:
        return RankingMetrics(0.0, 0.0, 0.0, 0.0, 0.0, 0)
    recs = recs[evaluated]
    n_rel = n_relevant[evaluated]
    hits = _hits(recs, test[evaluated])

    discount = 1.0 / np.log2(np.arange(2, k + 2))
    n_ideal = np.minimum(n_rel, k)
    idcg = np.cumsum(discount)[n_ideal - 1]
    ndcg = (hits * discount[: hits.shape[1]]).sum(axis=1) / idcg
    cum_hits = np.cumsum(hits, axis=1)
    precision_at_hit = cum_hits / np.arange(1, hits.shape[1] + 1)
    ap = (hits * precision_at_hit).sum(axis=1) / n_ideal
    n_hits = hits.sum(axis=1)
    shown = np.unique(recs[recs >= 0])
    return RankingMetrics(
        precision=float((n_hits / k).mean()),
        recall=float((n_hits / n_rel).mean()),
        ndcg=float(ndcg.mean()),
        map=float(ap.mean()),
        coverage=float(shown.size / n_catalogue) if n_catalogue else 0.0,
        users=int(evaluated.size),
    )


def _hits(recs: np.ndarray, test: sp.csr_matrix) -> np.ndarray:
    """``hits[u, r]`` = 1.0 when the r-th recommendation of user u is held out."""
    n, k = recs.shape
    rows = np.repeat(np.arange(n), k)
    cols = recs.ravel()
    hit = np.zeros(n * k, dtype=np.float64)
    valid = cols >= 0
    if valid.any():
        hit[valid] = np.asarray(test[rows[valid], cols[valid]]).ravel() != 0
    return hit.reshape(n, k)
