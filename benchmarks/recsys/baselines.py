"""Baselines of the MovieLens benchmark, each a ``fit -> scores`` function of its parameters.

They take what the shipped model takes where they can use it: the same ``log1p`` values, the
same session rows (stacked under the user rows, as the shipped model's design matrix does),
and the same recency-weighted history when scoring (EASE, cosine and RP3beta score any
history vector; ALS scores its learnt user factors, so recency does not reach it).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.linalg.lapack as lapack
import scipy.sparse as sp

from recommendations.engine.sequence import recency_history
from recommendations.engine.similarity import design_matrix, top_per_row

from .data import Split

BATCH = 1024


@dataclass(frozen=True)
class Scored:
    """A fitted model's top-k lists for the split's users."""

    items: np.ndarray
    seconds: float


def design(split: Split, values: str, sessions: bool) -> sp.csr_matrix:
    """User rows (log1p or binary values) with, optionally, the session rows below them."""
    x = sp.csr_matrix(split.train.matrix, dtype=np.float32, copy=True)
    s = split.train.sessions if sessions else None
    if values == "binary":
        x.data[:] = 1.0
        if s is not None:
            s = sp.csr_matrix(s, copy=True)
            s.data[:] = 1.0
    return design_matrix(x, s)


def history(split: Split, values: str, half_life: float | None) -> sp.csr_matrix:
    """The rows to score: the users' training rows, recency-weighted when ``half_life``."""
    x = sp.csr_matrix(split.train.matrix, dtype=np.float32, copy=True)
    if values == "binary":
        x.data[:] = 1.0
    if half_life and split.train.events is not None:
        x = recency_history(x, split.train.events, half_life)
    return sp.csr_matrix(x[split.users])


def top_k(scores: np.ndarray, seen: sp.csr_matrix, k: int) -> np.ndarray:
    """Best k columns per row, never a seen item; ties by column."""
    scores = np.array(scores, dtype=np.float32)
    scores[seen.nonzero()] = -np.inf
    top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    vals = np.take_along_axis(scores, top, axis=1)
    order = np.lexsort((top, -vals), axis=1)
    return np.take_along_axis(top, order, axis=1)


def score_items(weights: Any, hist: sp.csr_matrix, k: int) -> np.ndarray:
    """Top-k of ``hist @ weights`` (dense or sparse item x item), in row batches."""
    out = np.empty((hist.shape[0], k), dtype=np.int64)
    for lo in range(0, hist.shape[0], BATCH):
        batch = hist[lo : lo + BATCH]
        scores = batch @ weights
        scores = scores.toarray() if sp.issparse(scores) else np.asarray(scores)
        out[lo : lo + BATCH] = top_k(scores, batch, k)
    return out


# --------------------------------------------------------------------------- models


def popularity(split: Split, k: int) -> np.ndarray:
    counts = np.diff(sp.csc_matrix(split.train.matrix).indptr).astype(np.float32)
    seen = sp.csr_matrix(split.train.matrix[split.users])
    return top_k(np.tile(counts, (split.users.size, 1)), seen, k)


def ease_weights(z: sp.csr_matrix, l2: float) -> np.ndarray:
    """Dense EASE (Steck 2019): B = I - P diagMat(1/diag P), P = (Z^T Z + l2 I)^-1.

    Cholesky in single precision (the penalty keeps the Gram well conditioned): a quarter of
    the time of a double-precision LU inverse, the same lists.
    """
    gram = (z.T @ z).toarray().astype(np.float32)
    gram[np.diag_indices_from(gram)] += np.float32(l2)
    factor, info = lapack.spotrf(gram, lower=0, overwrite_a=1)
    if info:
        raise np.linalg.LinAlgError(f"spotrf failed ({info})")
    inverse, info = lapack.spotri(factor, lower=0, overwrite_c=1)
    if info:
        raise np.linalg.LinAlgError(f"spotri failed ({info})")
    inverse = np.triu(inverse) + np.triu(inverse, 1).T
    weights = -inverse / np.diag(inverse)
    np.fill_diagonal(weights, 0.0)
    return weights


def rp3_walk(z: sp.csr_matrix, alpha: float) -> tuple[sp.csr_matrix, np.ndarray]:
    """RP3's two-step random walk item -> user -> item, each step's probability raised to
    ``alpha``; also the items' popularity (for ``rp3beta_weights``)."""
    z = sp.csr_matrix(z, dtype=np.float64)
    z.data[:] = 1.0
    user_step = sp.csr_matrix(sp.diags(1 / np.maximum(z.sum(axis=1).A1, 1)) @ z)
    item_step = sp.csr_matrix(sp.diags(1 / np.maximum(z.sum(axis=0).A1, 1)) @ z.T)
    user_step.data **= alpha
    item_step.data **= alpha
    walk = (item_step @ user_step).tocsr()
    walk.setdiag(0)
    walk.eliminate_zeros()
    return walk, np.maximum(z.sum(axis=0).A1, 1)


def rp3beta_weights(walk: tuple[sp.csr_matrix, np.ndarray], beta: float, top: int) -> sp.csr_matrix:
    """RP3beta (Paudel et al. 2017): the walk divided by the target's popularity ** ``beta``,
    the ``top`` best per seed kept."""
    probability, popularity = walk
    return _keep_top(sp.csr_matrix(probability @ sp.diags(popularity**-beta)), top)


def cosine_model(x: sp.csr_matrix, neighbours: int) -> Any:
    from implicit.nearest_neighbours import CosineRecommender

    model = CosineRecommender(K=neighbours)
    model.fit(x, show_progress=False)
    return model


def als_model(x: sp.csr_matrix, factors: int, regularization: float, alpha: float) -> Any:
    from implicit.als import AlternatingLeastSquares
    from threadpoolctl import threadpool_limits

    model = AlternatingLeastSquares(
        factors=factors,
        regularization=regularization,
        alpha=alpha,
        iterations=15,
        random_state=42,
    )
    with threadpool_limits(1, "blas"):  # implicit's own advice for its CPU solver
        model.fit(x, show_progress=False)
    return model


def implicit_recommend(model: Any, hist: sp.csr_matrix, rows: np.ndarray, k: int) -> np.ndarray:
    ids, _ = model.recommend(rows, hist, N=k, filter_already_liked_items=True)
    return np.asarray(ids)


def _keep_top(matrix: sp.csr_matrix, top: int) -> sp.csr_matrix:
    """The ``top`` largest entries of each row (ties by column)."""
    out = top_per_row(*_coo(matrix), matrix.shape[0], top, duplicates=None)
    return out.to_csr()


def _coo(matrix: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    coo = matrix.tocoo()
    return coo.row, coo.col, coo.data


def grid(**axes: list[Any]) -> Iterator[dict[str, Any]]:
    """Every combination of the axes, as keyword dictionaries (first axis slowest)."""
    keys = list(axes)
    if not keys:
        yield {}
        return
    first, rest = keys[0], {key: axes[key] for key in keys[1:]}
    for value in axes[first]:
        for tail in grid(**rest):
            yield {first: value, **tail}
