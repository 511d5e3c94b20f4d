"""The shipped recommender: a user's history scored through item neighbours.

``score(user, j) = sum_i history[user, i] * weight(i -> j)`` over the user's items i whose
neighbour list contains j. The
same scoring serves "recommended for you" (the user's whole, time-decayed history), the cart
page (the cart items as seeds, "complete your order") and offline batches (rows of the training
matrix). Items the user already has, and any explicitly excluded item, are never returned;
when the neighbours give fewer than k items the list is completed with the most popular ones,
so a user without history gets the bestsellers. For every recommendation the seed item that
contributed most is reported, so the shop can say "because you bought X".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from recommendations.engine.interactions import EventLog
from recommendations.engine.popularity import item_popularity
from recommendations.engine.sequence import (
    SequenceConfig,
    blend_sequence,
    recency_history,
    sequence_neighbours,
)
from recommendations.engine.similarity import Neighbours, SimilarityConfig, item_neighbours
from recommendations.engine.topk import top_of_rows

_DENSE_BUDGET = 1 << 24  # floats per scoring batch (~64 MB), bounds memory on big catalogues


@dataclass(frozen=True)
class Recommendations:
    """Top-k lists, one row per user or history.

    ``items`` int32 ``(n, k)`` padded with -1 (only when fewer than k items can be offered),
    ``scores`` float32 (0 for popularity fill-ins), ``because`` int32: the history item that
    contributed most to each recommendation, -1 for popularity fill-ins.
    """

    items: np.ndarray
    scores: np.ndarray
    because: np.ndarray


class Recommender:
    """Neighbour-based recommender with a popularity fallback.

    ``sequence`` blends sequence neighbours into the regression's lists and
    ``recency_half_life`` (in events) discounts older history when ``recommend`` scores the
    training rows; both need the timed events given to ``fit``.
    """

    def __init__(
        self,
        config: SimilarityConfig | None = None,
        sequence: SequenceConfig | None = None,
        recency_half_life: float | None = None,
    ) -> None:
        self.config = config or SimilarityConfig()
        self.sequence = sequence or SequenceConfig()
        self.recency_half_life = recency_half_life
        self._train: sp.csr_matrix | None = None
        self._neighbours: Neighbours | None = None
        self._weights = sp.csr_matrix((0, 0), dtype=np.float32)
        self._popular = np.zeros(0, dtype=np.int64)
        self.n_items = 0

    def fit(
        self,
        matrix: sp.spmatrix,
        sessions: sp.spmatrix | None = None,
        events: EventLog | None = None,
    ) -> Recommender:
        """Learn neighbours and popularity from a user x item matrix (and optional sessions
        and timed events, whose rows and columns are the matrix's)."""
        self._train = sp.csr_matrix(matrix, dtype=np.float32)
        neighbours = item_neighbours(self._train, sessions, self.config)
        if events is not None and self.sequence.weight > 0:
            following = sequence_neighbours(events, self._train.shape[1], self.sequence)
            neighbours = blend_sequence(neighbours, following, self.sequence.weight)
        if events is not None and self.recency_half_life:
            self._train = recency_history(self._train, events, self.recency_half_life)
        return self._install(neighbours, item_popularity(self._train))

    @classmethod
    def from_neighbours(
        cls,
        neighbours: Neighbours,
        popularity: np.ndarray,
        config: SimilarityConfig | None = None,
    ) -> Recommender:
        """Rebuild a recommender from stored neighbours (e.g. merged chunks) and popularity."""
        return cls(config)._install(neighbours, np.asarray(popularity, dtype=np.float64))

    def _install(self, neighbours: Neighbours, popularity: np.ndarray) -> Recommender:
        self.n_items = int(popularity.size)
        if neighbours.n_items != self.n_items:
            raise ValueError("neighbours and popularity disagree on the number of items")
        self._neighbours = neighbours
        self._weights = neighbours.to_csr()  # seed x suggested item
        popular = np.flatnonzero(popularity > 0)
        self._popular = popular[np.lexsort((popular, -popularity[popular]))]
        return self

    def scored_history(self, users: Sequence[int] | np.ndarray) -> sp.csr_matrix:
        """Training rows as ``recommend`` scores them (recency-weighted when configured)."""
        if self._train is None:
            raise RuntimeError("the recommender is not fitted")
        return self._train[np.asarray(users, dtype=np.int64)]

    @property
    def neighbours(self) -> Neighbours:
        return self._require_fitted()

    def _require_fitted(self) -> Neighbours:
        if self._neighbours is None:
            raise RuntimeError("the recommender is not fitted")
        return self._neighbours

    def recommend(
        self,
        users: Sequence[int] | np.ndarray,
        k: int = 10,
        exclude: sp.spmatrix | None = None,
        explain: bool = True,
    ) -> Recommendations:
        """Top-k for rows of the training matrix, never an item of the user's training row.

        The rows are scored as fitted: recency-weighted when ``recency_half_life`` is set.
        ``exclude`` (same rows as ``users``, any non-zero = excluded) removes more items.
        """
        if self._train is None:
            raise RuntimeError("recommend() needs fit(); use recommend_histories() otherwise")
        rows = np.asarray(users, dtype=np.int64)
        return self.recommend_histories(self._train[rows], k, exclude, explain)

    def recommend_histories(
        self,
        histories: sp.spmatrix,
        k: int = 10,
        exclude: sp.spmatrix | None = None,
        explain: bool = True,
    ) -> Recommendations:
        """Top-k for each row of a ``(n, n_items)`` history matrix (weights = interest).

        Items present in a history row are excluded from that row's list, as are the non-zero
        entries of ``exclude``. ``explain=False`` skips finding the "because" seeds (left at
        -1), which batch jobs that do not show reasons do not need.
        """
        self._require_fitted()
        hist = sp.csr_matrix(histories, dtype=np.float32)
        blocked = hist if exclude is None else hist + sp.csr_matrix(exclude, dtype=np.float32)
        n = hist.shape[0]
        items = np.full((n, k), -1, dtype=np.int32)
        scores = np.zeros((n, k), dtype=np.float32)
        because = np.full((n, k), -1, dtype=np.int32)
        batch = max(1, _DENSE_BUDGET // max(self.n_items, 1))
        for lo in range(0, n, batch):
            hi = min(lo + batch, n)
            out = self._score_batch(hist[lo:hi], blocked[lo:hi], k, explain)
            items[lo:hi], scores[lo:hi], because[lo:hi] = out
        return Recommendations(items, scores, because)

    def recommend_for_history(
        self, history: Iterable[tuple[int, float]], k: int = 10, exclude: Iterable[int] = ()
    ) -> Recommendations:
        """ "Recommended for you" from an explicit ``[(item_index, weight), ...]`` history."""
        pairs = list(history)
        cols = np.array([i for i, _ in pairs], dtype=np.int64)
        vals = np.array([w for _, w in pairs], dtype=np.float32)
        return self.recommend_histories(self._row(cols, vals), k, self._row_of(exclude))

    def complete_basket(
        self, basket: Iterable[int], k: int = 10, exclude: Iterable[int] = ()
    ) -> Recommendations:
        """Cart page: the basket items' neighbours combined, never a basket item."""
        cols = np.fromiter(basket, dtype=np.int64)
        return self.recommend_histories(
            self._row(cols, np.ones(cols.size, np.float32)), k, self._row_of(exclude)
        )

    def similar_items(self, item: int, k: int = 10) -> tuple[np.ndarray, np.ndarray]:
        """Product page: the item's own neighbour list (indices, scores), best first."""
        idx, val = self.neighbours.row(item)
        return idx[:k], val[:k]

    def _row(self, cols: np.ndarray, vals: np.ndarray) -> sp.csr_matrix:
        if cols.size and (cols.min() < 0 or cols.max() >= self.n_items):
            raise IndexError("item index outside the catalogue")
        row = sp.csr_matrix(
            (vals, (np.zeros(cols.size, dtype=np.int64), cols)), shape=(1, self.n_items)
        )
        row.sum_duplicates()
        return row

    def _row_of(self, items: Iterable[int]) -> sp.csr_matrix:
        cols = np.fromiter(items, dtype=np.int64)
        return self._row(cols, np.ones(cols.size, np.float32))

    def _score_batch(
        self, hist: sp.csr_matrix, blocked: sp.csr_matrix, k: int, explain: bool
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        n = hist.shape[0]
        scores = (hist @ self._weights).toarray()
        blocked_dense = blocked.toarray() != 0
        scores[blocked_dense] = -np.inf
        scores[scores <= 0] = -np.inf  # only items some seed actually points to

        kk = min(k, self.n_items)
        top, top_scores = top_of_rows(scores, kk)
        found = np.isfinite(top_scores)

        items = np.full((n, k), -1, dtype=np.int32)
        out_scores = np.zeros((n, k), dtype=np.float32)
        items[:, :kk] = np.where(found, top, -1)
        out_scores[:, :kk] = np.where(found, top_scores, 0.0)
        because = np.full((n, k), -1, dtype=np.int32)
        if explain:
            because[:, :kk] = self._because(hist, np.where(found, top, -1))
        self._fill_popular(items, blocked_dense)
        return items, out_scores, because

    def _because(self, hist: sp.csr_matrix, chosen: np.ndarray) -> np.ndarray:
        """For each chosen item, the history item with the largest ``interest * weight``."""
        because = np.full(chosen.shape, -1, dtype=np.int32)
        for r in range(chosen.shape[0]):
            seeds = hist.indices[hist.indptr[r] : hist.indptr[r + 1]]
            picked = chosen[r] >= 0
            if seeds.size == 0 or not picked.any():
                continue
            interest = hist.data[hist.indptr[r] : hist.indptr[r + 1]].astype(np.float64)
            contribution = self._weights[seeds][:, chosen[r][picked]].toarray()
            contribution *= interest[:, None]
            best = contribution.argmax(axis=0)
            found = contribution[best, np.arange(best.size)] > 0
            because[r, np.flatnonzero(picked)] = np.where(found, seeds[best], -1)
        return because

    def _fill_popular(self, items: np.ndarray, blocked: np.ndarray) -> None:
        """Complete short lists in place with the most popular items not blocked or chosen."""
        k = items.shape[1]
        for r in np.flatnonzero((items < 0).any(axis=1)):
            have = items[r][items[r] >= 0]
            taken = blocked[r].copy()
            taken[have] = True
            need = k - have.size
            # Enough of the popularity order to find `need` free items even if all are taken.
            prefix = self._popular[: need + int(taken[self._popular].sum())]
            free = prefix[~taken[prefix]][:need]
            items[r, have.size : have.size + free.size] = free
