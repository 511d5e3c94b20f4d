"""The evaluation protocol both text classifiers follow, framework-free.

A figure is trusted only when it comes with the others this module produces together:

* :func:`find_duplicates`: exact duplicates after full normalisation
  (:func:`shop.ml.text.duplicate_key`), within each labelled set and across sets; a held-out
  line equal to a training line once punctuation is gone is a memory test, not a held-out one.
* :func:`grouped_cross_validation`: k-fold cross-validation grouped by source, so that every
  rewrite of one phrasing (or every filling of one template) sits in the same fold; otherwise a
  paraphrase of a test line is in the training folds and cross-validation flatters the model.
  The folds are also stratified by label and seeded, so the same data gives the same figure.
* :func:`grouped_holdout`: the held-out set drawn the same way as the folds (stratified,
  grouped, seeded) and before any tuning, so it is as hard as a fold, no easier core;
* :func:`word_coverage`: the share of an evaluated set's words that its training saw; a
  held-out set far more covered than a fold is easier than the data it stands for.
* :class:`LabelReport`: accuracy, per-label precision/recall/F1 and the confusion counts of one
  scored set, with :meth:`LabelReport.confusions_between` for the pairs of neighbouring labels
  whose boundary matters.

The caller supplies the training: ``train(texts, labels)`` returns a function that predicts for
a list of texts. What it returns per text is the caller's (a label, or label probabilities for
calibration), so the same folds serve scoring and calibration.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from sklearn.model_selection import StratifiedGroupKFold

from .evaluation import LabelScore, macro_f1, render_label_scores
from .text import duplicate_key

Output = TypeVar("Output")
Predictor = Callable[[Sequence[str]], Sequence[Output]]


@dataclass(frozen=True, slots=True)
class Duplicate:
    """One text that equals an earlier one after normalisation.

    ``first_set``/``first_text`` are where the key was seen first; a duplicate within one set has
    ``first_set == set_name``.
    """

    set_name: str
    text: str
    first_set: str
    first_text: str

    def describe(self) -> str:
        where = "twice" if self.first_set == self.set_name else f"also in {self.first_set}"
        return f"{self.set_name}: {self.text!r} equals {self.first_text!r} ({where})"


def find_duplicates(
    sets: Mapping[str, Sequence[str]], *, key: Callable[[str], str] = duplicate_key
) -> list[Duplicate]:
    """Every text of ``sets`` (name -> texts, in priority order) that repeats an earlier one."""
    seen: dict[str, tuple[str, str]] = {}
    duplicates: list[Duplicate] = []
    for set_name, texts in sets.items():
        for text in texts:
            normalised = key(text)
            if normalised in seen:
                first_set, first_text = seen[normalised]
                duplicates.append(Duplicate(set_name, text, first_set, first_text))
            else:
                seen[normalised] = (set_name, text)
    return duplicates


@dataclass(frozen=True, slots=True)
class Folds:
    """Out-of-fold outputs: ``outputs[i]`` was predicted by a model that never saw example i."""

    outputs: tuple[object, ...]
    fold_of: tuple[int, ...]
    n_splits: int


def grouped_folds(
    labels: Sequence[str], groups: Sequence[str], *, n_splits: int = 5, seed: int = 0
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Stratified, grouped, seeded (train indices, test indices) pairs."""
    if len(labels) != len(groups):
        raise ValueError(f"{len(labels)} labels but {len(groups)} groups")
    splitter = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    placeholder = np.zeros(len(labels))
    return list(splitter.split(placeholder, list(labels), list(groups)))


def grouped_holdout(
    labels: Sequence[str], groups: Sequence[str], *, share: float = 0.2, seed: int = 0
) -> tuple[list[int], list[int]]:
    """(training indices, held-out indices): about ``share`` of the groups, stratified by label,
    held out whole; one of the folds :func:`grouped_folds` would make for ``1 / share`` splits."""
    if not 0 < share <= 0.5:
        raise ValueError("the held-out share must be in (0, 0.5]")
    train_index, test_index = grouped_folds(labels, groups, n_splits=round(1 / share), seed=seed)[0]
    return sorted(int(i) for i in train_index), sorted(int(i) for i in test_index)


_WORDS = re.compile(r"[a-z]+")


def word_coverage(training: Iterable[str], evaluated: Iterable[str]) -> float:
    """The share of the word tokens of ``evaluated`` (normalised) that occur in ``training``."""
    seen = {word for text in training for word in _WORDS.findall(duplicate_key(text))}
    words = [word for text in evaluated for word in _WORDS.findall(duplicate_key(text))]
    return sum(word in seen for word in words) / len(words) if words else 0.0


def fold_word_coverage(
    texts: Sequence[str],
    labels: Sequence[str],
    groups: Sequence[str],
    *,
    n_splits: int = 5,
    seed: int = 0,
) -> float:
    """:func:`word_coverage` of each fold of :func:`grouped_folds` (the folds
    cross-validation uses) against the other folds, averaged over the folds."""
    shares = []
    for train_index, test_index in grouped_folds(labels, groups, n_splits=n_splits, seed=seed):
        shares.append(
            word_coverage([texts[i] for i in train_index], [texts[i] for i in test_index])
        )
    return sum(shares) / len(shares)


def grouped_cross_validation(
    texts: Sequence[str],
    labels: Sequence[str],
    groups: Sequence[str],
    train: Callable[[Sequence[str], Sequence[str]], Predictor[Output]],
    *,
    n_splits: int = 5,
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
) -> Folds:
    """Train on k-1 folds and predict the k-th, for every fold; return the outputs in order."""
    if not len(texts) == len(labels) == len(groups):
        raise ValueError("texts, labels and groups must have the same length")
    outputs: list[object] = [None] * len(texts)
    fold_of = [-1] * len(texts)
    for fold, (train_index, test_index) in enumerate(
        grouped_folds(labels, groups, n_splits=n_splits, seed=seed)
    ):
        if progress is not None:
            progress(f"fold {fold + 1}/{n_splits}: training on {len(train_index)} examples")
        predict = train([texts[i] for i in train_index], [labels[i] for i in train_index])
        predicted = predict([texts[i] for i in test_index])
        for position, index in enumerate(test_index):
            outputs[index] = predicted[position]
            fold_of[index] = fold
    return Folds(tuple(outputs), tuple(fold_of), n_splits)


@dataclass(frozen=True, slots=True)
class LabelReport:
    """The scores of one labelled set: headline accuracy, per label, and the confusion counts."""

    total: int
    accuracy: float
    macro_f1: float
    per_label: tuple[LabelScore, ...]
    confusion: dict[str, dict[str, int]]  # confusion[expected][predicted] -> count

    @classmethod
    def score(
        cls, expected: Sequence[str], predicted: Sequence[str], labels: Sequence[str]
    ) -> LabelReport:
        """Score ``predicted`` against ``expected``; per-label figures for the labels that occur.

        ``labels`` gives the order; a label absent from both sides is left out, as
        scikit-learn's macro average does, so a set without some label is not marked down.
        """
        if len(expected) != len(predicted):
            raise ValueError(f"{len(expected)} expected but {len(predicted)} predicted")
        occurring = set(expected) | set(predicted)
        per_label = LabelScore.for_labels(
            expected, predicted, [label for label in labels if label in occurring]
        )
        confusion: dict[str, Counter[str]] = {}
        for want, got in zip(expected, predicted, strict=True):
            confusion.setdefault(want, Counter())[got] += 1
        right = sum(want == got for want, got in zip(expected, predicted, strict=True))
        return cls(
            total=len(expected),
            accuracy=right / len(expected) if expected else 0.0,
            macro_f1=macro_f1(per_label),
            per_label=per_label,
            confusion={label: dict(counts) for label, counts in confusion.items()},
        )

    def confusions_between(self, first: str, second: str) -> tuple[int, int]:
        """(first taken for second, second taken for first)."""
        return (
            self.confusion.get(first, {}).get(second, 0),
            self.confusion.get(second, {}).get(first, 0),
        )

    def render_table(self, *, heading: str = "label", width: int = 16) -> list[str]:
        return render_label_scores(self.per_label, heading=heading, width=width)


def render_confusion(
    confusion: Mapping[str, Mapping[str, int]], rows: Sequence[str], columns: Sequence[str]
) -> list[str]:
    """A confusion matrix as text: rows expected, columns predicted, numbered as the rows."""
    lines = [" " * 20 + "".join(f"{index:>4}" for index in range(len(columns)))]
    for index, expected in enumerate(rows):
        row = confusion.get(expected, {})
        cells = "".join(f"{row.get(column, 0) or '.':>4}" for column in columns)
        lines.append(f"{index:>2} {expected[:17]:<17}{cells}")
    return lines
