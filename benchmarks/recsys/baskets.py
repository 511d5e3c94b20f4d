"""Basket completion: the Groceries baskets, leave-one-out cases and the baselines.

Baskets keep their original (transaction) order: the last 20% are the test baskets, the last
20% of the rest the validation baskets, so tuning never sees a test basket and every model
is fitted on baskets older than the ones it completes.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from .data import GROCERIES, SEED, TEST_FRACTION

K = 10


@dataclass(frozen=True)
class Baskets:
    """Basket x item binary matrix (rows in transaction order) and the item names."""

    matrix: sp.csr_matrix
    items: np.ndarray
    ids: np.ndarray

    def rows(self, lo: int, hi: int) -> Baskets:
        return Baskets(sp.csr_matrix(self.matrix[lo:hi]), self.items, self.ids[lo:hi])


def load_groceries(directory: Path = GROCERIES) -> Baskets:
    baskets, items = [], []
    with open(directory / "baskets.csv", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for basket, item in reader:
            baskets.append(int(basket))
            items.append(item.strip())
    ids, rows = np.unique(np.array(baskets), return_inverse=True)
    names, cols = np.unique(np.array(items, dtype=object), return_inverse=True)
    matrix = sp.csr_matrix(
        (np.ones(rows.size, np.float32), (rows.ravel(), cols.ravel())),
        shape=(ids.size, names.size),
    )
    matrix.sum_duplicates()
    matrix.data[:] = 1.0
    return Baskets(matrix, names, ids)


def split_baskets(data: Baskets, fraction: float = TEST_FRACTION) -> tuple[Baskets, Baskets]:
    """(older baskets, newest ``fraction`` of baskets)."""
    cut = round(data.matrix.shape[0] * (1 - fraction))
    return data.rows(0, cut), data.rows(cut, data.matrix.shape[0])


@dataclass(frozen=True)
class Cases:
    """Completion cases: seed rows (basket x item) and the held-out item of each."""

    seeds: sp.csr_matrix
    held: np.ndarray
    basket: np.ndarray  # index of the basket each case comes from

    @property
    def sizes(self) -> np.ndarray:
        return np.diff(self.seeds.indptr)


def leave_one_out(baskets: Baskets, every_item: bool = False, seed: int = SEED) -> Cases:
    """One random held-out item per basket of two or more (``every_item``: each in turn)."""
    x, n_items = baskets.matrix, baskets.matrix.shape[1]
    rng = np.random.default_rng(seed)
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    held: list[int] = []
    origin: list[int] = []
    for b in range(x.shape[0]):
        items = x.indices[x.indptr[b] : x.indptr[b + 1]]
        if items.size < 2:
            continue
        chosen = items if every_item else [items[rng.integers(items.size)]]
        for h in chosen:
            rest = items[items != h]
            rows.append(np.full(rest.size, len(held)))
            cols.append(rest)
            held.append(int(h))
            origin.append(b)
    seeds = sp.csr_matrix(
        (
            np.ones(sum(r.size for r in rows), np.float32),
            (np.concatenate(rows), np.concatenate(cols)),
        ),
        shape=(len(held), n_items),
    )
    return Cases(seeds, np.array(held, dtype=np.int64), np.array(origin, dtype=np.int64))


def hits(recs: np.ndarray, held: np.ndarray, k: int = K) -> np.ndarray:
    """Rank (0-based) of each held-out item in its list, -1 when missed."""
    found = recs[:, :k] == held[:, None]
    return np.where(found.any(axis=1), found.argmax(axis=1), -1)


def hit_rate_ndcg(recs: np.ndarray, held: np.ndarray, k: int = K) -> tuple[float, float]:
    rank = hits(recs, held, k)
    gain = np.where(rank >= 0, 1.0 / np.log2(np.maximum(rank, 0) + 2.0), 0.0)
    return float((rank >= 0).mean()), float(gain.mean())


def top_k(scores: np.ndarray, seeds: sp.csr_matrix, k: int = K) -> np.ndarray:
    """Best k per row, never a seed item; ties by item index."""
    scores = np.array(scores, dtype=np.float64)
    scores[seeds.nonzero()] = -np.inf
    order = np.lexsort((np.broadcast_to(np.arange(scores.shape[1]), scores.shape), -scores))
    return order[:, :k]


# --------------------------------------------------------------------------- baselines


@dataclass(frozen=True)
class Counts:
    """Pair and item counts of the training baskets (dense: Groceries has 169 items)."""

    together: np.ndarray
    baskets_with: np.ndarray
    n_baskets: int

    @classmethod
    def of(cls, baskets: Baskets) -> Counts:
        x = baskets.matrix
        together = (x.T @ x).toarray().astype(np.float64)
        with_item = np.diag(together).copy()
        np.fill_diagonal(together, 0.0)
        return cls(together, with_item, x.shape[0])

    def popularity_tiebreak(self) -> np.ndarray:
        """A tiny popularity term: lists of rule-based models are filled by popularity."""
        return 1e-9 * self.baskets_with / max(self.baskets_with.max(), 1.0)


def popularity(counts: Counts, cases: Cases) -> np.ndarray:
    return top_k(np.tile(counts.baskets_with, (cases.seeds.shape[0], 1)), cases.seeds)


def association_rules(
    counts: Counts, cases: Cases, min_support: int, min_confidence: float, measure: str,
    combine: str,
) -> np.ndarray:  # fmt: skip
    """Rules {i} -> {j} with support count >= min_support and confidence >= min_confidence;
    candidates ranked by the ``measure`` (lift or confidence) of the rules the basket fires,
    their max or sum; items no rule reaches follow by popularity."""
    conf = counts.together / np.maximum(counts.baskets_with[:, None], 1.0)
    expected = np.outer(counts.baskets_with, counts.baskets_with) / counts.n_baskets
    lift = np.divide(counts.together, expected, out=np.zeros_like(expected), where=expected > 0)
    rule = (counts.together >= min_support) & (conf >= min_confidence)
    value = np.where(rule, lift if measure == "lift" else conf, 0.0)
    if combine == "sum":
        scores = np.asarray(cases.seeds @ value)
    else:
        s = cases.seeds
        scores = np.stack(
            [value[s.indices[s.indptr[r] : s.indptr[r + 1]]].max(axis=0) for r in range(s.shape[0])]
        )
    return top_k(scores + counts.popularity_tiebreak(), cases.seeds)


def item_knn(counts: Counts, cases: Cases, neighbours: int, shrink: float) -> np.ndarray:
    """Item-kNN: shrunk cosine ``n_ij / (sqrt(n_i n_j) + shrink)``, each seed's ``neighbours``
    most similar items, summed over the basket."""
    norm = np.sqrt(counts.baskets_with)
    sim = counts.together / (np.outer(norm, norm) + shrink + 1e-12)
    if neighbours < sim.shape[0]:
        cut = -np.sort(-sim, axis=1)[:, neighbours - 1 : neighbours]
        sim = np.where(sim >= cut, sim, 0.0)
    return top_k(np.asarray(cases.seeds @ sim) + counts.popularity_tiebreak(), cases.seeds)


def ease(baskets: Baskets, cases: Cases, l2: float) -> np.ndarray:
    """Dense EASE on the basket rows (a reference: the full-catalogue regression)."""
    gram = (baskets.matrix.T @ baskets.matrix).toarray().astype(np.float64)
    gram[np.diag_indices_from(gram)] += l2
    inverse = np.linalg.inv(gram)
    weights = -inverse / np.diag(inverse)
    np.fill_diagonal(weights, 0.0)
    return top_k(np.asarray(cases.seeds @ weights), cases.seeds)


def bootstrap_ratio(
    ours: np.ndarray, theirs: np.ndarray, groups: np.ndarray, draws: int = 2000
) -> tuple[float, float]:
    """95% interval of hit-rate(ours) / hit-rate(theirs), resampling baskets (paired)."""
    rng = np.random.default_rng(SEED)
    unique, inverse = np.unique(groups, return_inverse=True)
    a = np.bincount(inverse, weights=(ours >= 0).astype(float), minlength=unique.size)
    b = np.bincount(inverse, weights=(theirs >= 0).astype(float), minlength=unique.size)
    pick = rng.integers(unique.size, size=(draws, unique.size))
    ratio = a[pick].sum(axis=1) / np.maximum(b[pick].sum(axis=1), 1e-12)
    low, high = np.percentile(ratio, [2.5, 97.5])
    return float(low), float(high)
