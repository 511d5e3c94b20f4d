"""The neighbour build as chunks: what the Celery tasks call.

A large catalogue is cut into item slices (``chunk_bounds``); each worker runs
``compute_chunk`` on the same interaction data and catalogue texts for its slice; one final
step runs ``combine_chunks`` (merge + blend, cheap and O(n_items * k)). ``build_neighbours``
does the same in one process. Every chunk rebuilds the shared state it needs (the source Gram,
the TF-IDF vocabulary) from the full input, so chunk results depend only on the input and the
slice, never on how the catalogue was cut.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from threadpoolctl import threadpool_limits

from recommendations.engine.content import (
    ContentConfig,
    ItemTexts,
    blend_neighbours,
    content_neighbours,
)
from recommendations.engine.similarity import (
    Neighbours,
    SimilarityConfig,
    chunk_bounds,
    item_neighbours,
    merge_neighbours,
)

__all__ = ["ChunkResult", "build_neighbours", "chunk_bounds", "combine_chunks", "compute_chunk"]


@dataclass(frozen=True)
class ChunkResult:
    """Collaborative and (optional) content neighbours of one item slice.

    ``item_counts`` (distinct users per item) is the same in every chunk; it travels with the
    result so that the final step can blend without reading the interactions again.
    """

    collaborative: Neighbours
    content: Neighbours | None
    item_counts: np.ndarray


def compute_chunk(
    matrix: sp.spmatrix,
    item_start: int,
    item_stop: int,
    sessions: sp.spmatrix | None = None,
    texts: ItemTexts | None = None,
    similarity: SimilarityConfig | None = None,
    content: ContentConfig | None = None,
    blas_threads: int | None = 1,
) -> ChunkResult:
    """Neighbours from the targets ``[item_start, item_stop)``: the unit of work of one worker.

    Chunk workers run one per core, so BLAS is held to ``blas_threads`` (default 1) while the
    chunk runs: OpenBLAS threads of two workers otherwise compete for the same cores and, on a
    two-core machine, erase the gain of the second worker. The neighbour blocks keep to as many
    threads. ``None`` leaves both alone.
    """
    with threadpool_limits(limits=blas_threads, user_api="blas"):
        collaborative = item_neighbours(
            matrix, sessions, similarity, item_start, item_stop, threads=blas_threads
        )
        by_text = content_neighbours(texts, content, item_start, item_stop) if texts else None
    counts = np.diff(sp.csc_matrix(matrix).indptr)
    return ChunkResult(collaborative, by_text, counts)


def combine_chunks(
    chunks: Sequence[ChunkResult], k: int | None = None, evidence: float = 20.0
) -> Neighbours:
    """Merge the chunks and blend content in (when every chunk has it)."""
    if not chunks:
        raise ValueError("no chunks to combine")
    collaborative = merge_neighbours([c.collaborative for c in chunks])
    contents = [c.content for c in chunks if c.content is not None]
    if len(contents) < len(chunks):
        return collaborative
    content = merge_neighbours(contents)
    return blend_neighbours(collaborative, content, chunks[0].item_counts, k=k, evidence=evidence)


def build_neighbours(
    matrix: sp.spmatrix,
    sessions: sp.spmatrix | None = None,
    texts: ItemTexts | None = None,
    similarity: SimilarityConfig | None = None,
    content: ContentConfig | None = None,
) -> Neighbours:
    """The whole build in this process: one chunk spanning the catalogue, then combine."""
    n_items = int(matrix.shape[1])
    chunk = compute_chunk(matrix, 0, n_items, sessions, texts, similarity, content, None)
    return combine_chunks([chunk])
