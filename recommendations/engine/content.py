"""Content neighbours from item texts, and blending them with collaborative neighbours.

A new product has no interactions, so collaborative similarity cannot place it; its title,
description, category and brand can. Similarity is TF-IDF cosine over title and description
words plus a bonus for sharing the category and the brand:

    score = (cos_text + category_bonus * same_category + brand_bonus * same_brand)
            / (1 + category_bonus + brand_bonus)          (in [0, 1])

Category and brand are handled as bonuses rather than as TF-IDF tokens on purpose: a category
shared by thousands of items would make the sparse product quadratic in the category size.
Words present in more than ``max_df`` of the catalogue are dropped for the same reason (and
they carry no signal). Items whose texts find fewer than ``k`` neighbours are completed with
same-category items (same brand first), so every categorised item gets a full list.

Computed blockwise like the collaborative neighbours, with the same slice arguments, so the
same chunking serves both.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from recommendations.engine.similarity import Neighbours, top_per_row


@dataclass(frozen=True)
class ContentConfig:
    """Weights and limits of the content similarity."""

    k: int = 20
    title_weight: float = 1.0
    description_weight: float = 0.6
    category_bonus: float = 0.5
    brand_bonus: float = 0.25
    max_df: float = 0.02
    max_df_floor: int = 50
    block_size: int = 1024


@dataclass(frozen=True)
class ItemTexts:
    """Vectorised catalogue: L2-normalised word features plus category / brand codes."""

    features: sp.csr_matrix
    category: np.ndarray  # int64 code per item, -1 = none
    brand: np.ndarray  # int64 code per item, -1 = none

    @property
    def n_items(self) -> int:
        return int(self.features.shape[0])


def vectorize_items(
    titles: Sequence[str],
    descriptions: Sequence[str] | None = None,
    categories: Sequence[str] | None = None,
    brands: Sequence[str] | None = None,
    config: ContentConfig | None = None,
) -> ItemTexts:
    """TF-IDF features of titles and descriptions, and codes of categories and brands.

    Deterministic for a given catalogue, so every chunk worker builds identical features.
    """
    config = config or ContentConfig()
    n = len(titles)
    blocks = []
    for texts, weight in ((titles, config.title_weight), (descriptions, config.description_weight)):
        if texts is None or weight <= 0:
            continue
        block = _tfidf(list(texts), n, config)
        if block is not None:
            blocks.append(block * weight)
    features = (
        normalize(sp.hstack(blocks, format="csr", dtype=np.float32))
        if blocks
        else sp.csr_matrix((n, 0), dtype=np.float32)
    )
    return ItemTexts(
        features=sp.csr_matrix(features, dtype=np.float32),
        category=_codes(categories, n),
        brand=_codes(brands, n),
    )


def content_neighbours(
    texts: ItemTexts,
    config: ContentConfig | None = None,
    item_start: int = 0,
    item_stop: int | None = None,
) -> Neighbours:
    """Content lists (scores in [0, 1]) of the items in ``[item_start, item_stop)``.

    The result covers the whole catalogue, rows outside the slice left empty, so chunk
    results merge with ``merge_neighbours`` exactly like the collaborative ones.
    """
    config = config or ContentConfig()
    stop = texts.n_items if item_stop is None else min(item_stop, texts.n_items)
    if not 0 <= item_start <= stop:
        raise ValueError(f"bad item slice [{item_start}, {stop})")
    result = Neighbours.empty(texts.n_items, config.k)
    norm = 1.0 + config.category_bonus + config.brand_bonus
    transposed = texts.features.T.tocsr()
    by_category = _members(texts.category)
    for lo in range(item_start, stop, max(1, config.block_size)):
        hi = min(lo + config.block_size, stop)
        sims = (texts.features[lo:hi] @ transposed).tocsr()
        for r, item in enumerate(range(lo, hi)):
            cols = sims.indices[sims.indptr[r] : sims.indptr[r + 1]]
            vals = sims.data[sims.indptr[r] : sims.indptr[r + 1]].astype(np.float64)
            idx, val = _row_neighbours(item, cols, vals, texts, by_category, config)
            result.indices[item, : idx.size] = idx
            result.scores[item, : idx.size] = val / norm
    return result


def blend_neighbours(
    collaborative: Neighbours,
    content: Neighbours,
    item_counts: np.ndarray,
    k: int | None = None,
    evidence: float = 20.0,
    content_scale: float | None = None,
) -> Neighbours:
    """Mix both lists per item; content counts more for items with few interactions.

    Item i's content share is ``evidence / (evidence + count_i)``: 1 for a new item, 0.5 once
    it has ``evidence`` interactions. Content scores (cosines in [0, 1]) are first brought to
    the scale of the collaborative weights by ``content_scale``, by default the median of the
    items' best collaborative weight, so that a blended list ranks both kinds consistently and
    the recommender can score through it. Blend merged (full) lists: the default scale is a
    statistic of the lists given and must not differ between chunks.
    """
    if collaborative.n_items != content.n_items:
        raise ValueError("collaborative and content neighbours must cover the same items")
    n = collaborative.n_items
    k = k or max(collaborative.k, content.k)
    share = evidence / (evidence + np.asarray(item_counts, dtype=np.float64))
    if content_scale is None:
        best = collaborative.scores[:, 0] if collaborative.k else np.zeros(0)
        content_scale = float(np.median(best[best > 0])) if (best > 0).any() else 1.0

    idx = np.concatenate([collaborative.indices, content.indices], axis=1).astype(np.int64)
    val = np.concatenate(
        [
            collaborative.scores * (1.0 - share)[:, None],
            content.scores * (share * content_scale)[:, None],
        ],
        axis=1,
    )
    rows = np.broadcast_to(np.arange(n)[:, None], idx.shape)
    keep = idx >= 0
    return top_per_row(rows[keep], idx[keep], val[keep], n, k, duplicates="sum")


def _row_neighbours(
    item: int,
    cols: np.ndarray,
    text_sim: np.ndarray,
    texts: ItemTexts,
    by_category: dict[int, np.ndarray],
    config: ContentConfig,
) -> tuple[np.ndarray, np.ndarray]:
    """Score one item's text candidates, then complete the list from its category."""
    k = config.k
    category, brand = texts.category[item], texts.brand[item]
    keep = cols != item
    cols, score = cols[keep], text_sim[keep]
    if category >= 0:
        score = score + config.category_bonus * (texts.category[cols] == category)
    if brand >= 0:
        score = score + config.brand_bonus * (texts.brand[cols] == brand)
    if cols.size < k and category >= 0:
        mates = by_category[int(category)]
        mates = mates[(mates != item) & ~np.isin(mates, cols)]
        mate_score = config.category_bonus + config.brand_bonus * (
            (texts.brand[mates] == brand) if brand >= 0 else np.zeros(mates.size, bool)
        )
        order = np.lexsort((mates, -mate_score))[: k - cols.size]
        cols = np.concatenate([cols, mates[order]])
        score = np.concatenate([score, mate_score[order]])
    order = np.lexsort((cols, -score))[:k]
    return cols[order].astype(np.int32), score[order].astype(np.float32)


def _tfidf(texts: list[str], n: int, config: ContentConfig) -> sp.csr_matrix | None:
    """L2-normalised TF-IDF of one text field; ``None`` when the field has no usable word."""
    max_df = max(config.max_df_floor, int(config.max_df * n))
    vectorizer = TfidfVectorizer(lowercase=True, sublinear_tf=True, max_df=max_df, dtype=np.float32)
    try:
        return sp.csr_matrix(vectorizer.fit_transform([t or "" for t in texts]))
    except ValueError:  # empty vocabulary: no text, or every word too common
        return None


def _codes(values: Sequence[str] | None, n: int) -> np.ndarray:
    """Integer code per item for a categorical field; empty / missing values get -1."""
    if values is None:
        return np.full(n, -1, dtype=np.int64)
    cleaned = [(v or "").strip().lower() for v in values]
    lookup: dict[str, int] = {}
    return np.array(
        [lookup.setdefault(v, len(lookup)) if v else -1 for v in cleaned], dtype=np.int64
    )


def _members(codes: np.ndarray) -> dict[int, np.ndarray]:
    """Items of each code, in index order."""
    order = np.argsort(codes, kind="stable")
    sorted_codes = codes[order]
    bounds = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1], True])
    return {
        int(sorted_codes[a]): order[a:b]
        for a, b in itertools.pairwise(bounds)
        if sorted_codes[a] >= 0
    }
