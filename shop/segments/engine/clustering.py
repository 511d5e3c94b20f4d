"""Seeded KMeans over the scaled buyers, k chosen by silhouette."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score
from threadpoolctl import threadpool_limits

from .features import FloatArray

# At least four groups: fewer cannot separate "recent", "valuable" and "lapsed" buyers, which
# is what staff act on. More than eight stops being readable on one page.
K_RANGE = range(4, 9)
# Silhouette over every pair of points is quadratic; a seeded sample measures it as well.
SILHOUETTE_SAMPLE = 2_000


@dataclass(frozen=True)
class Clustering:
    labels: npt.NDArray[np.int64]
    centers: FloatArray  # in the space that was clustered
    k: int
    silhouette: float | None


def cluster_points(
    points: FloatArray, *, k_range: range = K_RANGE, seed: int = 0
) -> Clustering | None:
    """The best KMeans by silhouette for k in ``k_range``; None when there are too few
    distinct points to form two clusters (the caller then names each point on its own)."""
    distinct = len(np.unique(points, axis=0)) if len(points) else 0
    # At least one more distinct point than clusters, or a "cluster" is a single customer
    # by construction and the silhouette is meaningless.
    candidates = [k for k in k_range if 2 <= k < distinct]
    best: Clustering | None = None
    # A few thousand points in three dimensions: OpenMP threads cost far more than they save
    # (and spin against a busy worker's other jobs), so KMeans runs single-threaded.
    with threadpool_limits(limits=1):
        for k in candidates:
            best = _better(best, points, k, seed)
    return best


def _better(best: Clustering | None, points: FloatArray, k: int, seed: int) -> Clustering | None:
    """KMeans with ``k`` clusters if its silhouette beats ``best``, else ``best``."""
    model = KMeans(n_clusters=k, n_init=10, random_state=seed).fit(points)
    labels = model.labels_.astype(np.int64)
    if len(np.unique(labels)) < 2:
        return best
    score = float(
        silhouette_score(
            points, labels, sample_size=min(len(points), SILHOUETTE_SAMPLE), random_state=seed
        )
    )
    if best is not None and best.silhouette is not None and score <= best.silhouette:
        return best
    return Clustering(labels, model.cluster_centers_.astype(np.float64), k, score)
