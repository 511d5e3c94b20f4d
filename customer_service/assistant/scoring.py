"""The fitted intent pipeline's margins for a few messages, without scikit-learn's overhead.

``Pipeline.decision_function`` on one chat message spends most of its time on bookkeeping:
input and parameter validation at every step (with dataframe-library probes), the
FeatureUnion's blocks run through joblib, sparse matrices built, stacked and normalised. The
arithmetic itself is a few hundred multiplications. :class:`LinearScorer` is built once from a
fitted pipeline (TF-IDF blocks, optional sentence embedding, linear SVM) and computes the same
margins directly: each TF-IDF block's n-grams are counted with the vectoriser's own analyser
and vocabulary, weighted by its IDF and L2-normalised as scikit-learn does, and multiplied with
the rows of the SVM's weights they select. ``tests/assistant/test_classifier.py`` checks that the
margins equal the pipeline's.

:func:`scorer_for` returns ``None`` for a pipeline this does not cover (another model, other
vectoriser options); the caller then uses the pipeline itself.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC

Array = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class _TfidfBlock:
    analyse: Callable[[str], list[str]]
    vocabulary: dict[str, int]
    idf: Array
    sublinear: bool
    weights: Array  # the SVM's weights for this block's columns: (n_features, n_classes)

    def add_scores(self, text: str, scores: Array) -> None:
        counts = Counter(
            index for index in map(self.vocabulary.get, self.analyse(text)) if index is not None
        )
        if not counts:
            return
        columns = np.fromiter(counts, dtype=np.intp, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        if self.sublinear:
            tf = np.log(tf) + 1.0
        values = tf * self.idf[columns]
        norm = math.sqrt(float(values @ values))
        if norm > 0.0:
            scores += (values / norm) @ self.weights[columns]


@dataclass(frozen=True, slots=True)
class _DenseBlock:
    transform: Callable[[list[str]], Any]
    weights: Array

    def add_scores_many(self, texts: list[str], scores: Array) -> None:
        block = self.transform(texts)
        dense = block.toarray() if hasattr(block, "toarray") else np.asarray(block)
        scores += dense @ self.weights


@dataclass(frozen=True, slots=True)
class LinearScorer:
    """The margins of a fitted TF-IDF (+ dense block) linear SVM pipeline."""

    prepare: Callable[[list[str]], list[str]] | None
    tfidf: tuple[_TfidfBlock, ...]
    dense: tuple[_DenseBlock, ...]
    intercept: Array

    def scores(self, texts: Sequence[str]) -> Array:
        prepared = self.prepare(list(texts)) if self.prepare else list(texts)
        scores = np.tile(self.intercept, (len(prepared), 1))
        for row, text in zip(scores, prepared, strict=True):
            for block in self.tfidf:
                block.add_scores(text, row)
        for dense in self.dense:
            dense.add_scores_many(prepared, scores)
        return scores


def _plain_tfidf(vectoriser: TfidfVectorizer) -> bool:
    """Options this scorer reproduces exactly: float64, L2 norm, IDF, no binary counts."""
    return (
        vectoriser.norm == "l2"
        and vectoriser.use_idf
        and not vectoriser.binary
        and vectoriser.dtype in (np.float64, float)
    )


def scorer_for(pipeline: Pipeline) -> LinearScorer | None:
    """A :class:`LinearScorer` for ``pipeline``, or ``None`` if it is of another shape."""
    steps = pipeline.named_steps
    model, features = steps.get("model"), steps.get("features")
    if not isinstance(model, LinearSVC) or features is None or model.coef_.shape[0] < 2:
        return None
    if getattr(features, "transformer_weights", None) is not None:
        return None
    weights = np.ascontiguousarray(model.coef_.T, dtype=np.float64)
    tfidf: list[_TfidfBlock] = []
    dense: list[_DenseBlock] = []
    offset = 0
    for _, block in features.transformer_list:
        if isinstance(block, TfidfVectorizer):
            if not _plain_tfidf(block):
                return None
            width = len(block.vocabulary_)
            tfidf.append(
                _TfidfBlock(
                    analyse=block.build_analyzer(),
                    vocabulary=dict(block.vocabulary_),
                    idf=np.asarray(block.idf_, dtype=np.float64),
                    sublinear=bool(block.sublinear_tf),
                    weights=weights[offset : offset + width],
                )
            )
        elif hasattr(block, "n_features_out"):
            width = int(block.n_features_out)
            dense.append(_DenseBlock(block.transform, weights[offset : offset + width]))
        else:
            return None
        offset += width
    if offset != weights.shape[0]:
        return None
    prepare = steps["pleasantries"].func if "pleasantries" in steps else None
    return LinearScorer(prepare, tuple(tfidf), tuple(dense), np.asarray(model.intercept_))
