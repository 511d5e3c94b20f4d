"""Per-row top-k of sparse (row, col, value) triples: the selection behind every stored
neighbour list (``similarity.top_per_row`` wraps it as ``Neighbours``)."""

from __future__ import annotations

from typing import Literal

import numpy as np
import scipy.sparse as sp


def top_arrays(
    rows: np.ndarray,
    cols: np.ndarray,
    vals: np.ndarray,
    n_rows: int,
    k: int,
    duplicates: Literal["max", "sum"] | None = "sum",
) -> tuple[np.ndarray, np.ndarray]:
    """``(indices, scores)`` of the ``k`` largest positive ``vals`` of each row, best first,
    ties by column; int32 indices padded with -1, float32 scores (compared as stored).

    Repeated (row, col) pairs are combined first, by ``duplicates``; ``None`` promises there
    are none. Pairs already sorted and distinct (a canonical sparse matrix's) are not sorted
    again.
    """
    rows = np.asarray(rows, dtype=np.int64)
    cols = np.asarray(cols, dtype=np.int64)
    vals = np.asarray(vals, dtype=np.float64)
    n_cols = int(cols.max()) + 1 if cols.size else 1
    row_bits, col_bits = max(n_rows - 1, 1).bit_length(), (n_cols - 1).bit_length()
    packed = row_bits + 32 + col_bits <= 64
    if duplicates is not None or not packed:
        pair = rows * n_cols + cols
        if pair.size > 1 and not (pair[1:] > pair[:-1]).all():  # sorted distinct pairs: as is
            if duplicates is None:
                order = _pair_order(rows, cols, n_rows, n_cols)
            else:
                order = np.argsort(pair)
            pair, vals = pair[order], vals[order]
        if duplicates is not None and pair.size:
            first = np.flatnonzero(np.r_[True, pair[1:] != pair[:-1]])
            reduce = np.maximum if duplicates == "max" else np.add
            vals = reduce.reduceat(vals, first)
            pair = pair[first]
        rows, cols = np.divmod(pair, n_cols)
    positive = vals > 0
    rows, cols, vals32 = rows[positive], cols[positive], vals[positive].astype(np.float32)
    # Positive float32 bit patterns order like the values: key = (row, descending score, col).
    descending = np.uint32(0xFFFFFFFF) - vals32.view(np.uint32)
    if packed:  # the whole key in 64 bits: sort the keys themselves, no permutation
        key = rows.astype(np.uint64) << np.uint64(32 + col_bits)
        key |= descending.astype(np.uint64) << np.uint64(col_bits)
        key |= cols.astype(np.uint64)
        key.sort()
        rows = (key >> np.uint64(32 + col_bits)).astype(np.int64)
        cols = (key & np.uint64((1 << col_bits) - 1)).astype(np.int64)
        descending = ((key >> np.uint64(col_bits)) & np.uint64(0xFFFFFFFF)).astype(np.uint32)
        vals32 = (np.uint32(0xFFFFFFFF) - descending).view(np.float32)
    else:  # pairs sorted above: a stable sort on (row, descending score) keeps cols in order
        order = np.argsort((rows << 32) | descending.astype(np.int64), kind="stable")
        rows, cols, vals32 = rows[order], cols[order], vals32[order]
    per_row = np.bincount(rows, minlength=n_rows)
    rank = np.arange(rows.size) - np.repeat(np.cumsum(per_row) - per_row, per_row)
    top = rank < k
    indices = np.full((n_rows, k), -1, dtype=np.int32)
    scores = np.zeros((n_rows, k), dtype=np.float32)
    indices[rows[top], rank[top]] = cols[top]
    scores[rows[top], rank[top]] = vals32[top]
    return indices, scores


def _pair_order(rows: np.ndarray, cols: np.ndarray, n_rows: int, n_cols: int) -> np.ndarray:
    """The permutation sorting distinct (row, col) pairs: a sparse matrix's canonical order
    (a bucket pass by row, then short sorts within rows) beats sorting the pair keys."""
    index = sp.csr_matrix(
        (np.arange(1, rows.size + 1, dtype=np.float64), (rows, cols)), shape=(n_rows, n_cols)
    )
    if index.nnz != rows.size:  # repeated pairs after all: sort the keys
        return np.argsort(rows * n_cols + cols)
    index.sort_indices()
    return index.data.astype(np.int64) - 1


def top_of_rows(scores: np.ndarray, k: int, width: int = 128) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` best finite entries of each row of a dense matrix, by score then column:
    ``(columns, scores)``, padded with -1 / -inf where a row has fewer.

    The maxima of ``width``-column slices bound each row's k-th best from below (k slices
    hold a value at least as large as the k-th largest slice maximum), so only the entries
    reaching that bound are sorted: a few per row instead of a partition of the whole row.
    """
    n, m = scores.shape
    k = min(k, m)
    bound = np.full(n, -np.inf, dtype=scores.dtype)
    if k and m > k * width:
        chunk_max = np.maximum.reduceat(scores, np.arange(0, m, width), axis=1)
        bound = -np.partition(-chunk_max, k - 1, axis=1)[:, k - 1]
    rows, cols = np.nonzero((scores >= bound[:, None]) & np.isfinite(scores))
    vals = scores[rows, cols]
    order = np.lexsort((cols, -vals, rows))
    rows, cols, vals = rows[order], cols[order], vals[order]
    per_row = np.bincount(rows, minlength=n)
    rank = np.arange(rows.size) - np.repeat(np.cumsum(per_row) - per_row, per_row)
    top = rank < k
    out_cols = np.full((n, k), -1, dtype=np.int64)
    out_vals = np.full((n, k), -np.inf, dtype=scores.dtype)
    out_cols[rows[top], rank[top]] = cols[top]
    out_vals[rows[top], rank[top]] = vals[top]
    return out_cols, out_vals
