"""Content neighbours (cold start) and blending with collaborative lists."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from recommendations.engine.content import (
    ContentConfig,
    blend_neighbours,
    content_neighbours,
    vectorize_items,
)
from recommendations.engine.pipeline import build_neighbours, combine_chunks, compute_chunk
from recommendations.engine.similarity import Neighbours, SimilarityConfig, chunk_bounds

TITLES = [
    "espresso coffee beans dark roast",  # 0
    "coffee beans medium roast",  # 1
    "green tea leaves",  # 2
    "espresso machine steel",  # 3
    "earl grey tea leaves",  # 4
    "new dark roast espresso coffee",  # 5: brand new, no interactions
]
CATEGORIES = ["coffee", "coffee", "tea", "machines", "tea", "coffee"]
BRANDS = ["roastco", "roastco", "leafy", "brewer", "leafy", "roastco"]
SMALL = ContentConfig(k=3, max_df_floor=10)


def test_similar_texts_are_neighbours():
    texts = vectorize_items(TITLES, None, CATEGORIES, BRANDS, SMALL)
    nb = content_neighbours(texts, SMALL)
    assert nb.row(5)[0][0] == 0  # the new coffee's best match is the same roast
    assert set(nb.row(2)[0][:1]) == {4}  # tea with tea
    assert 5 not in nb.row(5)[0]
    scores = nb.row(5)[1]
    assert (np.diff(scores) <= 0).all() and 0 < scores.max() <= 1


def test_category_completes_lists_when_texts_do_not_match():
    titles = ["alpha", "beta", "gamma", "delta"]
    texts = vectorize_items(titles, None, ["x", "x", "x", "y"], None, SMALL)
    nb = content_neighbours(texts, SMALL)
    assert sorted(nb.row(0)[0].tolist()) == [1, 2]  # same category, no shared word
    assert nb.row(3)[0].size == 0  # alone in its category, nothing in common


def test_content_slices_merge_like_collaborative_ones():
    texts = vectorize_items(TITLES, None, CATEGORIES, BRANDS, SMALL)
    full = content_neighbours(texts, SMALL)
    part = content_neighbours(texts, SMALL, item_start=2, item_stop=4)
    assert (part.indices[[0, 1, 4, 5]] == -1).all()
    np.testing.assert_array_equal(part.indices[2:4], full.indices[2:4])


def test_blend_gives_cold_items_content_and_keeps_collaborative_for_busy_ones():
    collab = Neighbours(
        np.array([[1], [0], [-1], [-1]], np.int32), np.array([[0.5], [0.5], [0], [0]], np.float32)
    )
    content = Neighbours(
        np.array([[2], [3], [3], [2]], np.int32), np.array([[0.9], [0.9], [0.8], [0.8]], np.float32)
    )
    counts = np.array([1000, 1000, 0, 0])
    blended = blend_neighbours(collab, content, counts, k=2, evidence=20.0)
    assert blended.row(0)[0].tolist() == [1, 2]  # collaborative first for a busy item
    assert blended.row(2)[0].tolist() == [3]  # cold item: content only
    # content scaled to the collaborative scale (median best weight 0.5), share 1 when cold
    assert blended.row(2)[1][0] == pytest.approx(0.8 * 0.5)
    share = 20 / 1020
    assert blended.row(0)[1][0] == pytest.approx(0.5 * (1 - share), rel=1e-5)


def test_pipeline_gives_a_cold_item_neighbours_and_chunks_equal_full():
    rng = np.random.default_rng(0)
    users = rng.integers(0, 30, 200)
    items = rng.integers(0, 5, 200)  # item 5 never interacted with
    x = sp.csr_matrix((np.ones(200, np.float32), (users, items)), shape=(30, 6))
    x.sum_duplicates()
    texts = vectorize_items(TITLES, None, CATEGORIES, BRANDS, SMALL)
    config = SimilarityConfig(min_source_rows=1, k=3)
    full = build_neighbours(x, None, texts, config, SMALL)
    assert full.row(5)[0].size > 0  # cold start: neighbours from its texts
    chunks = [compute_chunk(x, a, b, None, texts, config, SMALL) for a, b in chunk_bounds(6, 3)]
    merged = combine_chunks(chunks)
    np.testing.assert_array_equal(merged.indices, full.indices)
    np.testing.assert_allclose(merged.scores, full.scores, rtol=1e-6)


def test_no_text_at_all_is_not_an_error():
    texts = vectorize_items(["", "", ""], None, None, None, SMALL)
    nb = content_neighbours(texts, SMALL)
    assert (nb.indices == -1).all()
