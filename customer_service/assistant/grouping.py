"""Group the questions the assistant could not answer by similarity, for staff to act on.

Each question becomes TF-IDF word and character n-grams over the classifier's own
preprocessing (order numbers and e-mails masked, normalised), and scikit-learn's
agglomerative clustering with average linkage joins questions whose cosine distance stays
under :data:`DISTANCE_THRESHOLD`. "do you sell gift cards", "Do you have gift cards?" and
"gift card please" become one group of three; "can I pay by invoice" stays apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import hstack
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_distances

from .classifier import preprocess

# Average cosine distance under which two groups are one; chosen on the examples in
# tests/assistant/test_grouping.py (paraphrases join, different requests stay apart).
DISTANCE_THRESHOLD = 0.8
MAX_QUESTIONS = 2000  # the most recent ones; the distance matrix is n x n


@dataclass(frozen=True, slots=True)
class QuestionGroup:
    """Similar questions: the most frequent wording first, how many, and the others."""

    example: str
    count: int
    questions: tuple[str, ...]


def group_questions(questions: Sequence[str], *, top: int = 20) -> list[QuestionGroup]:
    """The ``top`` largest groups of ``questions`` (largest first, then by example)."""
    texts = [q.strip() for q in questions[:MAX_QUESTIONS] if q and q.strip()]
    if not texts:
        return []
    processed = [preprocess(text) or text.lower() for text in texts]
    if len(texts) == 1:
        labels = np.zeros(1, dtype=int)
    else:
        words = TfidfVectorizer(analyzer="word", stop_words="english", sublinear_tf=True)
        chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
        features = hstack([words.fit_transform(processed), chars.fit_transform(processed)])
        distances = cosine_distances(features)
        labels = AgglomerativeClustering(
            n_clusters=None,
            metric="precomputed",
            linkage="average",
            distance_threshold=DISTANCE_THRESHOLD,
        ).fit_predict(distances)
    members: dict[int, list[str]] = {}
    for label, text in zip(labels, texts, strict=True):
        members.setdefault(int(label), []).append(text)
    groups = []
    for texts_in_group in members.values():
        counts: dict[str, int] = {}
        for text in texts_in_group:
            counts[text.lower()] = counts.get(text.lower(), 0) + 1
        example = min(counts, key=lambda t: (-counts[t], len(t), t))
        distinct = tuple(sorted(counts, key=lambda t: (-counts[t], t)))
        groups.append(QuestionGroup(example, len(texts_in_group), distinct))
    groups.sort(key=lambda g: (-g.count, g.example))
    return groups[:top]
