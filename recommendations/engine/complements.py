"""Complements: what goes with a basket ("Complete your order", "Frequently bought together").

Learnt from baskets only (orders, carts: rows of a basket x item matrix), never from a user's
whole history, so that two phones bought a year apart are not "bought together". For a basket
``B`` and a candidate ``j``::

    score(j | B) = sum_{i in B} w(i -> j) + prior_weight * log P(j | |B|)

* ``w(i -> j)``: neighbourhood ridge regression over the basket rows (``similarity.py``), i.e.
  "how much having i in the basket predicts j, given the other candidates". Unlike lift summed
  over the basket it does not count the same evidence twice (bread and butter both pointing to
  jam), and the penalty shrinks what rare items say. Positive weights only: what a basket
  item argues against is not shown as a reason.
* ``log P(j | |B|)``: how often j completes a basket of that size, smoothed towards its
  overall rate; big baskets are completed by staples, small ones by anything. It is also what
  ranks candidates no basket item points to.

Shopper rules applied after scoring (each optional, data given by the caller):

* ``item_key``: never suggest an item whose key (its product type) a basket item has - a
  second phone does not complete a phone;
* ``prices``: never dearer than the dearest basket item, unless the pair was bought together
  often enough: in at least ``min_pair_baskets`` baskets and with a shrunk lift above 1 (see
  ``pair_lift``), so a phone case may bring the phone only when the data shows it.

Measured on the real Groceries baskets (leave-one-out, validation carved from training
baskets; benchmarks/README_recsys.md): the regression plus the size prior beats tuned lift
rules and item-kNN on hit-rate@10.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from recommendations.engine.interactions import (
    SESSION_GAP_SECONDS,
    InteractionMatrix,
    session_rows,
)
from recommendations.engine.similarity import Neighbours, SimilarityConfig, item_neighbours

_SIZE_BUCKETS = 5  # seeds 1, 2-3, 4-7, 8-15, 16+: sizes differ by a factor two or more


@dataclass(frozen=True)
class ComplementsConfig:
    """Parameters of the complements model (benchmarks/recsys_baskets.py tunes them)."""

    k: int = 50
    l2: float = 1.0
    shrink: float = 10.0
    neighbours: int = 100
    min_source_baskets: int = 3
    prior_weight: float = 0.02
    prior_smoothing: float = 1000.0
    lift_shrink: float = 10.0
    min_pair_baskets: int = 3

    def similarity(self) -> SimilarityConfig:
        return SimilarityConfig(
            k=self.k,
            neighbours=self.neighbours,
            shrink=self.shrink,
            l2=self.l2,
            session_weight=0.0,
            min_source_rows=self.min_source_baskets,
        )


@dataclass(frozen=True)
class Completion:
    """Completions of several baskets: ``items`` int32 ``(n, k)`` padded with -1, ``scores``
    float32, ``because`` int32 (the basket item with the largest weight, -1 when the prior
    alone placed the item)."""

    items: np.ndarray
    scores: np.ndarray
    because: np.ndarray


def baskets_of(data: InteractionMatrix, gap: float = SESSION_GAP_SECONDS) -> sp.csr_matrix:
    """Basket x item matrix of an interaction log: with timestamps, each user's events split
    at ``gap`` seconds of silence (an order's lines share a time), single items included;
    without, each user row is one basket."""
    if data.events is None:
        return sp.csr_matrix(data.matrix, dtype=np.float32)
    events = data.events
    ones = np.ones(events.users.size)
    return session_rows(
        events.users, events.items, ones, events.timestamps, data.n_items, gap, "binary", 1
    )


def broad_keys(keys: Sequence[int] | np.ndarray, share: float = 0.5) -> np.ndarray:
    """The keys (product types) held by more than ``share`` of the items. A type that covers
    most of a catalogue (a shop that files everything under "General") says nothing about
    which products are substitutes, so it must not exclude: those items are keyed as none."""
    values = np.asarray(keys, dtype=np.int64)
    values = values[values >= 0]
    if values.size == 0:
        return np.zeros(0, dtype=np.int64)
    found, counts = np.unique(values, return_counts=True)
    return found[counts > share * np.asarray(keys).size]


def size_bucket(n_seeds: np.ndarray | int) -> np.ndarray:
    """Bucket of a basket by its number of seed items (0 for empty or single baskets)."""
    n = np.maximum(np.asarray(n_seeds, dtype=np.int64), 1)
    return np.minimum(np.floor(np.log2(n)).astype(np.int64), _SIZE_BUCKETS - 1)


class Complements:
    """Basket completion from same-basket co-occurrence."""

    def __init__(self, config: ComplementsConfig | None = None) -> None:
        self.config = config or ComplementsConfig()
        self.neighbours = Neighbours.empty(0)
        self._weights = sp.csr_matrix((0, 0), dtype=np.float32)
        self._log_prior = np.zeros((_SIZE_BUCKETS, 0))
        self._pairs = sp.csr_matrix((0, 0), dtype=np.float32)
        self._baskets_with = np.zeros(0)
        self.n_baskets = 0

    @property
    def n_items(self) -> int:
        return int(self._baskets_with.size)

    @property
    def log_prior(self) -> np.ndarray:
        """``(buckets, n_items)``: log P(item completes a basket | the basket's size bucket)."""
        return self._log_prior

    def fit(self, baskets: sp.spmatrix) -> Complements:
        """Learn from a basket x item matrix (any non-zero = the item is in the basket)."""
        x = sp.csr_matrix(baskets, dtype=np.float32, copy=True)
        x.sum_duplicates()
        x.data[:] = 1.0
        x.eliminate_zeros()
        self.n_baskets = x.shape[0]
        self.neighbours = item_neighbours(x, config=self.config.similarity())
        self._weights = self.neighbours.to_csr()
        self._pairs = sp.csr_matrix(x.T @ x)
        self._baskets_with = self._pairs.diagonal().astype(np.float64)
        self._pairs.setdiag(0)
        self._pairs.eliminate_zeros()
        self._log_prior = self._size_prior(x)
        return self

    def _size_prior(self, x: sp.csr_matrix) -> np.ndarray:
        """``log P(j | bucket)``: j held out of a basket whose other items fall in the bucket.

        Every item of every basket of two or more is one such event (leave-one-out, as the
        cart sees it); each bucket's rates are smoothed towards the overall rate with
        ``prior_smoothing`` pseudo-events.
        """
        n_items = x.shape[1]
        sizes = np.diff(x.indptr)
        rows = np.repeat(np.arange(x.shape[0]), sizes)
        held = sizes[rows] >= 2
        bucket = size_bucket(sizes[rows][held] - 1)
        counts = np.zeros((_SIZE_BUCKETS, n_items))
        np.add.at(counts, (bucket, x.indices[held]), 1.0)
        overall = (counts.sum(axis=0) + 1.0) / (counts.sum() + n_items)
        a = self.config.prior_smoothing
        rates = (counts + a * overall) / (counts.sum(axis=1, keepdims=True) + a)
        return np.log(rates)

    def pair_lift(self, seeds: np.ndarray, items: np.ndarray) -> np.ndarray:
        """Shrunk lift ``(n_ij + m) / (E_ij + m)`` of every (seed, item) pair, ``E_ij`` the
        count expected if the two were bought independently, ``m = lift_shrink``."""
        together = self._pairs[seeds][:, items].toarray()
        expected = np.outer(self._baskets_with[seeds], self._baskets_with[items])
        expected /= max(self.n_baskets, 1)
        m = self.config.lift_shrink
        return (together + m) / (expected + m)

    def complete(
        self,
        basket: Iterable[int],
        k: int = 10,
        item_key: Sequence[int] | np.ndarray | None = None,
        prices: Sequence[float] | np.ndarray | None = None,
        exclude: Iterable[int] = (),
    ) -> Completion:
        """One basket's completions (see ``complete_many``)."""
        cols = np.unique(np.fromiter(basket, dtype=np.int64))
        row = sp.csr_matrix(
            (np.ones(cols.size, np.float32), (np.zeros(cols.size, np.int64), cols)),
            shape=(1, self.n_items),
        )
        blocked = np.fromiter(exclude, dtype=np.int64)
        return self.complete_many(row, k, item_key, prices, [blocked])

    def complete_many(
        self,
        baskets: sp.spmatrix,
        k: int = 10,
        item_key: Sequence[int] | np.ndarray | None = None,
        prices: Sequence[float] | np.ndarray | None = None,
        exclude: Sequence[np.ndarray] | None = None,
    ) -> Completion:
        """Top-k completions of each basket row, never a basket item.

        ``item_key`` (int per item, negative = none) excludes candidates sharing a basket
        item's key; ``prices`` (per item, NaN = unknown) applies the price cap. ``exclude``
        lists further items per row.
        """
        seeds = sp.csr_matrix(baskets, dtype=np.float32)
        if seeds.shape[1] != self.n_items:
            raise ValueError("baskets must have one column per item of the fitted catalogue")
        n = seeds.shape[0]
        items = np.full((n, k), -1, dtype=np.int32)
        scores = np.zeros((n, k), dtype=np.float32)
        because = np.full((n, k), -1, dtype=np.int32)
        keys = None if item_key is None else np.asarray(item_key, dtype=np.int64)
        price = None if prices is None else np.asarray(prices, dtype=np.float64)
        for r in range(n):
            basket = seeds.indices[seeds.indptr[r] : seeds.indptr[r + 1]]
            extra = exclude[r] if exclude is not None else np.zeros(0, np.int64)
            chosen, value, reason = self._complete_one(basket, k, keys, price, extra)
            items[r, : chosen.size], scores[r, : chosen.size] = chosen, value
            because[r, : chosen.size] = reason
        return Completion(items, scores, because)

    def _complete_one(
        self,
        basket: np.ndarray,
        k: int,
        keys: np.ndarray | None,
        price: np.ndarray | None,
        extra: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if self.n_items == 0:
            return np.zeros(0, np.int32), np.zeros(0, np.float32), np.zeros(0, np.int32)
        weights = self._weights[basket].toarray() if basket.size else np.zeros((0, self.n_items))
        score = weights.sum(axis=0)
        score += self.config.prior_weight * self._log_prior[size_bucket(basket.size)]
        allowed = np.ones(self.n_items, dtype=bool)
        allowed[basket] = False
        allowed[extra] = False
        if keys is not None and basket.size:
            basket_keys = keys[basket][keys[basket] >= 0]
            allowed &= ~np.isin(keys, basket_keys)
        if price is not None and basket.size and np.isfinite(price[basket]).any():
            allowed &= self._within_price(basket, price, allowed)
        candidates = np.flatnonzero(allowed)
        order = np.lexsort((candidates, -score[candidates]))[:k]
        chosen = candidates[order]
        reason = np.full(chosen.size, -1, dtype=np.int32)
        if basket.size and chosen.size:
            contribution = weights[:, chosen]
            best = contribution.argmax(axis=0)
            has = contribution[best, np.arange(chosen.size)] > 0
            reason = np.where(has, basket[best], -1).astype(np.int32)
        return chosen.astype(np.int32), score[chosen].astype(np.float32), reason

    def item_lists(
        self,
        k: int = 24,
        item_key: Sequence[int] | np.ndarray | None = None,
        prices: Sequence[float] | np.ndarray | None = None,
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        """Every item's own complements, best first by ``w(i -> j)``: what ``complete`` may
        give a basket of that item alone, kept to the pairs the baskets hold evidence for (a
        positive weight), so "Frequently bought together" never lists an item only because it
        is popular. The scores are the weights alone, positive, so that a cart's lists add up
        (``serving.score_from_neighbours``) to the sum of ``complete`` without its size prior.

        The shopper rules hold per item (same key out; dearer only when proven with it), which
        makes a basket's union of these lists obey them for the whole basket too: a candidate
        dearer than the dearest basket item is dearer than its own seed, so it is listed only
        when proven with that seed. The lists are read by the storefront's rows, one per item.
        """
        keys = None if item_key is None else np.asarray(item_key, dtype=np.int64)
        price = None if prices is None else np.asarray(prices, dtype=np.float64)
        weights = self._weights
        lists: list[tuple[np.ndarray, np.ndarray]] = []
        for item in range(self.n_items):
            start, stop = weights.indptr[item], weights.indptr[item + 1]
            candidates = weights.indices[start:stop].astype(np.int64)
            score = weights.data[start:stop].astype(np.float64)
            keep = (score > 0) & (candidates != item)
            if keys is not None and keys[item] >= 0:
                keep &= keys[candidates] != keys[item]
            candidates, score = candidates[keep], score[keep]
            if price is not None and np.isfinite(price[item]) and candidates.size:
                dearer = np.nan_to_num(price[candidates], nan=-np.inf) > price[item]
                if dearer.any():
                    seed = np.array([item])
                    together = self._pairs[seed][:, candidates[dearer]].toarray()[0]
                    lift = self.pair_lift(seed, candidates[dearer])[0]
                    proven = (together >= self.config.min_pair_baskets) & (lift > 1.0)
                    allowed = ~dearer
                    allowed[np.flatnonzero(dearer)[proven]] = True
                    candidates, score = candidates[allowed], score[allowed]
            order = np.lexsort((candidates, -score))[:k]
            lists.append((candidates[order].astype(np.int32), score[order].astype(np.float32)))
        return lists

    def _within_price(
        self, basket: np.ndarray, price: np.ndarray, allowed: np.ndarray
    ) -> np.ndarray:
        """Candidates no dearer than the dearest basket item, or bought with one often enough."""
        cap = np.nanmax(price[basket])
        dearer = np.flatnonzero(allowed & (np.nan_to_num(price, nan=-np.inf) > cap))
        ok = np.ones(self.n_items, dtype=bool)
        if dearer.size == 0:
            return ok
        together = self._pairs[basket][:, dearer].toarray()
        lift = self.pair_lift(basket, dearer)
        proven = ((together >= self.config.min_pair_baskets) & (lift > 1.0)).any(axis=0)
        ok[dearer[~proven]] = False
        return ok
