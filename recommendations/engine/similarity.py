"""Item-item neighbours, computed blockwise from sparse co-occurrence products.

Model ("neighbourhood ridge", a sparse relative of EASE). For every target item j:

1. take the ``k`` source items whose shrunk cosine with j is highest (the candidates);
2. regress j's column on the candidates' columns with an L2 penalty, i.e. solve
   ``(G[N, N] + l2 * I) w = G[N, j]`` where ``G = Z^T Z`` is the co-occurrence Gram matrix;
3. keep the positive weights: ``w[i]`` says how much having i predicts j.

The result is stored per *seed*: row i lists the targets j that i predicts best, with weight
``w_j[i]`` (the ``neighbours`` largest). That is the form the shop serves ("the cart items'
neighbours combined") and the form the recommender scores with; on MovieLens keeping 100 per
seed loses nothing against using every weight.

The regression is what EASE does over the whole catalogue; restricting it to ``k`` candidates
keeps every per-item problem tiny (k x k) and independent of the others, so the targets can be
cut into slices computed by different workers. Unlike cosine it discounts candidates that only
explain what other candidates already explain, which is what lifts ranking quality well
above cosine and level with dense EASE at a fraction of its cost (benchmarks/README_recsys.md
has the figures, every model tuned on validation splits).

``Z`` stacks the user rows and the session rows (see ``interactions.session_rows``), so
co-occurrence inside one basket or browsing session counts on top of co-occurrence in a user's
whole history.

Memory is bounded by ``max_sources`` (one dense Gram over the sources) and by the block of
targets; no items x items matrix, dense or sparse, is ever built.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal

import numpy as np
import scipy.sparse as sp

from recommendations.engine.topk import top_arrays

Method = Literal["ridge", "cosine"]
Finder = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray, np.ndarray]]
DENSE_ROWS = 0.1  # rarer targets co-occurring with more of the sources use the dense top-k


@dataclass(frozen=True)
class SimilarityConfig:
    """Parameters of the neighbour model (the benchmarks tune them on validation splits).

    ``l2`` is relative: the penalty added to the diagonal is ``l2`` times the mean Gram
    diagonal, so one value fits binary data, log-weighted events and any data size (4 was
    best on MovieLens and on generated baskets alike). Sources are the items seen in at least
    ``min_source_rows`` design rows, at most ``max_sources`` of them (memory: max_sources^2
    floats): an item seen a handful of times has a Gram diagonal far below the penalty, so
    its regression weight is ~0 anyway.
    """

    k: int = 50
    neighbours: int = 100
    method: Method = "ridge"
    shrink: float = 10.0
    l2: float = 4.0
    session_weight: float = 1.0
    user_norm: float = 0.0  # user rows scaled by (items in the row) ** -user_norm
    min_source_rows: int = 20
    max_sources: int = 8000
    block_size: int = 256


@dataclass(frozen=True)
class Neighbours:
    """Neighbour lists of every item: row i = the items to suggest to someone who has i.

    ``indices`` int32 ``(n_items, k)`` padded with -1, ``scores`` float32 of the same shape,
    best first. A chunk result has the same shape and holds only part of the lists.
    """

    indices: np.ndarray
    scores: np.ndarray

    @classmethod
    def empty(cls, n_items: int, k: int = 1) -> Neighbours:
        """No neighbours at all: recommending from it falls back to popularity."""
        return cls(np.full((n_items, k), -1, dtype=np.int32), np.zeros((n_items, k), np.float32))

    @property
    def n_items(self) -> int:
        return int(self.indices.shape[0])

    @property
    def k(self) -> int:
        return int(self.indices.shape[1])

    def row(self, item: int) -> tuple[np.ndarray, np.ndarray]:
        """One item's list without padding: (indices, scores)."""
        ok = self.indices[item] >= 0
        return self.indices[item][ok], self.scores[item][ok]

    def to_csr(self) -> sp.csr_matrix:
        """Sparse ``seed x suggested item`` weight matrix."""
        rows = np.repeat(np.arange(self.n_items), self.k)
        cols = self.indices.ravel()
        valid = cols >= 0
        return sp.csr_matrix(
            (self.scores.ravel()[valid], (rows[valid], cols[valid])),
            shape=(self.n_items, self.n_items),
            dtype=np.float32,
        )


def design_matrix(
    matrix: sp.spmatrix,
    sessions: sp.spmatrix | None = None,
    session_weight: float = 1.0,
    user_norm: float = 0.0,
) -> sp.csr_matrix:
    """Rows whose co-occurrences define similarity: users, then weighted sessions.

    ``user_norm`` > 0 damps long histories: one user with 2,000 films otherwise adds 4
    million co-occurrences, most of them between unrelated items.
    """
    users = sp.csr_matrix(matrix, dtype=np.float32)
    if user_norm > 0:
        lengths = np.maximum(np.diff(users.indptr), 1).astype(np.float32)
        users = sp.csr_matrix(sp.diags(lengths ** np.float32(-user_norm)) @ users)
    parts = [users]
    if sessions is not None and sessions.shape[0] and session_weight > 0:
        weight = np.float32(np.sqrt(session_weight))
        parts.append(sp.csr_matrix(sessions, dtype=np.float32) * weight)
    return sp.csr_matrix(sp.vstack(parts, format="csr"), dtype=np.float32)


def item_neighbours(
    matrix: sp.spmatrix,
    sessions: sp.spmatrix | None = None,
    config: SimilarityConfig | None = None,
    item_start: int = 0,
    item_stop: int | None = None,
    threads: int | None = None,
) -> Neighbours:
    """Neighbour lists built from the targets in ``[item_start, item_stop)`` (default: all).

    This is the chunk function: workers given the same matrix and disjoint target slices
    produce partial lists whose ``merge_neighbours`` equals the full computation exactly.
    ``threads`` share the blocks of targets (default: the processors available, at most 4).
    """
    config = config or SimilarityConfig()
    z = design_matrix(matrix, sessions, config.session_weight, config.user_norm)
    return _Builder(z, config).neighbours(item_start, item_stop, threads)


def chunk_bounds(n_items: int, n_chunks: int) -> list[tuple[int, int]]:
    """Split ``range(n_items)`` into at most ``n_chunks`` contiguous, nearly equal slices."""
    if n_chunks < 1:
        raise ValueError("n_chunks must be >= 1")
    edges = np.linspace(0, n_items, n_chunks + 1).round().astype(int)
    return [(int(a), int(b)) for a, b in itertools.pairwise(edges) if b > a]


def merge_neighbours(parts: Sequence[Neighbours], k: int | None = None) -> Neighbours:
    """Row-wise union of partial lists, keeping the ``k`` best (default: the widest part's k).

    Parts from disjoint target slices (``chunk_bounds``) never share a (seed, item) pair, so
    the union of their per-row top-k lists holds the global top-k. Should a pair appear twice
    anyway, the larger score is kept.
    """
    if not parts:
        return Neighbours.empty(0)
    n_items = parts[0].n_items
    if any(p.n_items != n_items for p in parts):
        raise ValueError("all parts must cover the same catalogue")
    k = k or max(p.k for p in parts)
    idx = np.concatenate([p.indices for p in parts], axis=1)
    val = np.concatenate([p.scores for p in parts], axis=1)
    keep = idx >= 0
    rows = np.broadcast_to(np.arange(n_items)[:, None], idx.shape)[keep]
    return top_per_row(rows, idx[keep], val[keep], n_items, k, duplicates="max")


def top_per_row(
    rows: np.ndarray,
    cols: np.ndarray,
    vals: np.ndarray,
    n_rows: int,
    k: int,
    duplicates: Literal["max", "sum"] | None = "sum",
) -> Neighbours:
    """The ``k`` largest positive ``vals`` of each row as a ``Neighbours`` (ties by index).

    Repeated (row, col) pairs are combined first, by ``duplicates``; ``None`` promises there
    are none. Scores are compared in float32, as stored.
    """
    return Neighbours(*top_arrays(rows, cols, vals, n_rows, k, duplicates))


class _Builder:
    """Shared state of one neighbour computation over a fixed design matrix.

    Candidates are drawn from the *sources*: the items with the most evidence (largest Gram
    diagonal). Their Gram matrix is computed once, densely; it gives a source target its
    co-occurrences directly (a rarer target needs one short sparse product) and every
    candidate Gram ``G[N, N]`` is a gather from it. Items outside the sources still get their
    own regression as targets; content similarity (``content.py``) lets them act as seeds.
    """

    def __init__(self, z: sp.csr_matrix, config: SimilarityConfig) -> None:
        self.config = config
        self.cols = z.T.tocsr()  # items x design rows: fast row slices per item
        self.n_items = int(z.shape[1])
        self.diag = np.asarray(z.multiply(z).sum(axis=0), dtype=np.float64).ravel()
        self.norm32 = np.sqrt(self.diag).astype(np.float32)
        active = self.diag > 0
        self.l2 = config.l2 * (float(self.diag[active].mean()) if active.any() else 1.0)

        rows_per_item = np.diff(self.cols.indptr)
        eligible = int((rows_per_item >= config.min_source_rows).sum())
        n_sources = min(config.max_sources, max(eligible, min(config.k, int(active.sum()))))
        self.sources = np.sort(np.argsort(-self.diag, kind="stable")[:n_sources])
        self.source_pos = np.full(self.n_items, -1, dtype=np.int64)
        self.source_pos[self.sources] = np.arange(n_sources)
        self.source_rows = z[:, self.sources].tocsr()  # design rows x sources
        self.gram = self._padded_source_gram()
        # Upper bound of each item's co-occurring sources: the sources in its design rows.
        self.row_bound = self.cols @ np.diff(self.source_rows.indptr).astype(np.float64)

    def _padded_source_gram(self) -> np.ndarray:
        """Dense source Gram with an extra zero row and column (where slot -1 points).

        Built as the product of operands padded with an empty row / column, so the dense
        array is allocated once: fresh large allocations are slow on virtual machines.
        """
        n = self.sources.size
        left = self.cols[self.sources]
        left = sp.csr_matrix(
            (left.data, left.indices, np.r_[left.indptr, left.indptr[-1]]),
            shape=(n + 1, left.shape[1]),
        )
        rows = self.source_rows
        right = sp.csr_matrix((rows.data, rows.indices, rows.indptr), shape=(rows.shape[0], n + 1))
        return np.asarray((left @ right).toarray(), dtype=np.float32)

    def neighbours(self, item_start: int, item_stop: int | None, threads: int | None) -> Neighbours:
        stop = self.n_items if item_stop is None else min(item_stop, self.n_items)
        if not 0 <= item_start <= stop:
            raise ValueError(f"bad item slice [{item_start}, {stop})")
        targets = np.arange(item_start, stop)
        targets = targets[self.diag[targets] > 0]
        is_source = self.source_pos[targets] >= 0
        # Each target's path depends on the target alone, never on how targets are blocked or
        # chunked, so every split of the work gives identical results.
        long_rows = self.row_bound[targets] > DENSE_ROWS * self.sources.size
        size = max(1, self.config.block_size)
        blocks = [
            (group[lo : lo + size], find)
            for group, find in (
                (targets[is_source], self._dense_candidates),
                (targets[~is_source & long_rows], self._rare_dense_candidates),
                (targets[~is_source & ~long_rows], self._sparse_candidates),
            )
            for lo in range(0, group.size, size)
        ]
        # Independent blocks on threads (numpy's gathers and solves release the GIL, scipy's
        # sparse products do not); results are gathered in block order.
        with ThreadPoolExecutor(max_workers=threads or _threads(len(blocks))) as pool:
            solved = list(pool.map(self._solve_block, blocks))
        if not solved:
            return Neighbours.empty(self.n_items, self.config.neighbours)
        seeds, suggested, weights = (np.concatenate(part) for part in zip(*solved, strict=True))
        # each (source, target) pair is solved once
        return top_per_row(seeds, suggested, weights, self.n_items, self.config.neighbours, None)

    def _solve_block(self, job: tuple[np.ndarray, Finder]) -> tuple[np.ndarray, ...]:
        """(seeds, suggested targets, weights) of one block of targets."""
        block, find = job
        cand, cooc, cos = find(block)
        w = self._ridge(cand, cooc) if self.config.method == "ridge" else cos
        ok = (cand >= 0) & (w > 0)
        return self.sources[cand[ok]], np.broadcast_to(block[:, None], cand.shape)[ok], w[ok]

    def _dense_candidates(self, targets: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Top-k shrunk-cosine candidates of source targets, from their dense Gram rows.

        Candidates are positions among the sources, ascending, -1 (empty slot) first, with
        their raw co-occurrences and cosines.
        """
        pos = self.source_pos[targets]
        return self._top_of_dense(targets, self.gram[pos, :-1], pos)

    def _top_of_dense(
        self, targets: np.ndarray, raw: np.ndarray, own: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Top-k selection over dense ``targets x sources`` co-occurrences (``own``: the
        targets' own source positions, excluded)."""
        k = self.config.k
        cos = np.outer(self.norm32[targets], self.norm32[self.sources])
        cos += np.float32(self.config.shrink)
        np.divide(raw, cos, out=cos)
        if own is not None:
            cos[np.arange(targets.size), own] = -np.inf
        cos[raw <= 0] = -np.inf
        if k < self.sources.size:
            top = np.argpartition(-cos, k - 1, axis=1)[:, :k]
        else:
            top = np.broadcast_to(np.arange(self.sources.size), raw.shape)
        cand = np.where(np.isfinite(np.take_along_axis(cos, top, axis=1)), top, -1)
        cand = np.sort(cand, axis=1)  # ascending: the Gram gather reads memory in order
        safe = np.maximum(cand, 0)
        valid = cand >= 0
        raw_c = np.where(valid, np.take_along_axis(raw, safe, axis=1), 0.0)
        cos_c = np.where(valid, np.take_along_axis(cos, safe, axis=1), 0.0)
        return _pad(cand, k, -1), _pad(raw_c, k, 0.0), _pad(cos_c, k, 0.0)

    def _rare_dense_candidates(
        self, targets: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Rarer targets with long rows (small catalogues, heavy users): a linear-time partition
        over dense rows beats sorting every co-occurrence."""
        raw = (self.cols[targets] @ self.source_rows).toarray()
        return self._top_of_dense(targets, raw, None)

    def _sparse_candidates(self, targets: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The same for rarer targets: their rows are short, so a sparse product and a sparse
        top-k avoid touching ``targets x sources`` dense memory."""
        k = self.config.k
        cooc = (self.cols[targets] @ self.source_rows).tocsr()
        row = np.repeat(np.arange(targets.size), np.diff(cooc.indptr))
        col, raw = cooc.indices.astype(np.int64), cooc.data.astype(np.float64)
        cos = raw / (
            self.norm32[targets][row].astype(np.float64) * self.norm32[self.sources][col]
            + self.config.shrink
        )
        keep = raw > 0
        row, col, raw, cos = row[keep], col[keep], raw[keep], cos[keep]
        if not row.size:
            empty = np.zeros((targets.size, k))
            return np.full((targets.size, k), -1), empty, empty.copy()
        # By target, then best cosine first: keys stay inside [row, row + 0.5] whatever the
        # rounding, ties in the product's (deterministic) order. The rows are short: each is a
        # row of a padded grid, whose k-th key a partition finds; ties at the k-th key are
        # taken in order. Only the set matters: candidates end up sorted by position.
        per_row = np.bincount(row, minlength=targets.size)
        start = np.cumsum(per_row) - per_row
        grid = np.full((targets.size, max(1, int(per_row.max(initial=0)))), np.inf)
        grid[row, np.arange(row.size) - start[row]] = row + 0.5 * (1.0 - np.clip(cos, 0.0, 1.0))
        chosen = np.isfinite(grid)
        if grid.shape[1] > k:
            kth = np.partition(grid, k - 1, axis=1)[:, k - 1 : k]
            ahead = grid < kth
            tied = grid == kth
            tied &= np.cumsum(tied, axis=1) <= k - ahead.sum(axis=1, keepdims=True)
            chosen &= ahead | tied
        r, at = np.nonzero(chosen)
        taken = np.bincount(r, minlength=targets.size)
        slot = np.arange(r.size) - np.repeat(np.cumsum(taken) - taken, taken)
        at += start[r]
        cand = np.full((targets.size, k), -1, dtype=np.int64)
        raw_c, cos_c = np.zeros((targets.size, k)), np.zeros((targets.size, k))
        cand[r, slot], raw_c[r, slot], cos_c[r, slot] = col[at], raw[at], cos[at]
        order = np.argsort(cand, axis=1)  # ascending, -1 first, like the dense path
        return (
            np.take_along_axis(cand, order, axis=1),
            np.take_along_axis(raw_c, order, axis=1),
            np.take_along_axis(cos_c, order, axis=1),
        )

    def _ridge(self, cand: np.ndarray, cooc: np.ndarray) -> np.ndarray:
        """Solve the k x k ridge problems of a block of targets at once.

        ``cand`` holds positions among the sources, -1 for an empty slot: that slot reads the
        zero row/column padded onto the Gram, gets 1 on the diagonal and a zero right-hand
        side, so its weight solves to 0. Single precision is enough: the penalty keeps the
        systems far from singular.
        """
        k = cand.shape[1]
        valid = cand >= 0
        width = self.gram.shape[1]
        at = np.where(valid, cand, width - 1)
        gram = np.take(self.gram.ravel(), at[:, :, None] * width + at[:, None, :])
        diag = np.arange(k)
        gram[:, diag, diag] += np.where(valid, np.float32(self.l2), np.float32(1.0))
        rhs = np.where(valid, cooc, 0.0).astype(np.float32)
        return np.linalg.solve(gram, rhs[..., None])[..., 0]


def _threads(jobs: int) -> int:
    """Worker threads for ``jobs`` blocks: the processors this process may use, at most 4."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(jobs, 4, cpus or 1))


def _pad(arr: np.ndarray, k: int, fill: float) -> np.ndarray:
    """Widen ``arr`` to ``k`` columns with ``fill`` (fewer sources than k)."""
    if arr.shape[1] >= k:
        return arr
    out = np.full((arr.shape[0], k), fill, dtype=arr.dtype)
    out[:, : arr.shape[1]] = arr
    return out
