"""Per-label precision, recall and F1, macro-F1, and the table the commands print.

Both text classifiers are judged by these figures, so they are computed (by scikit-learn)
and laid out in one place: a figure means the same in the intent report as in the sentiment
report. Which labels to score is the caller's choice: every label of a closed set, or only
those that occur, as scikit-learn's macro average does when given no labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Self

from sklearn.metrics import precision_recall_fscore_support


@dataclass(frozen=True, slots=True)
class LabelScore:
    """How well one label is predicted; ``support`` is how often it is the expected label."""

    label: str
    precision: float
    recall: float
    f1: float
    support: int

    @classmethod
    def for_labels(
        cls, expected: Sequence[str], predicted: Sequence[str], labels: Sequence[str]
    ) -> tuple[Self, ...]:
        """One score per label of ``labels``, in that order; 0 where a ratio is undefined.

        A classmethod so that a package's subclass (the assistant's ``IntentScore``) gets
        scores of its own type.
        """
        if not expected or not labels:
            return ()
        precision, recall, f1, support = precision_recall_fscore_support(
            expected, predicted, labels=list(labels), zero_division=0
        )
        return tuple(
            cls(label, float(p), float(r), float(f), int(n))
            for label, p, r, f, n in zip(labels, precision, recall, f1, support, strict=True)
        )


def macro_f1(scores: Sequence[LabelScore]) -> float:
    """The unweighted mean F1, so a rare label counts as much as a common one (0 if none)."""
    return sum(score.f1 for score in scores) / len(scores) if scores else 0.0


def render_label_scores(scores: Sequence[LabelScore], *, heading: str, width: int) -> list[str]:
    """The per-label table, a header and one line per score, with labels in ``width`` columns."""
    lines = [f"{heading:<{width}} {'prec':>6} {'recall':>6} {'f1':>6} {'n':>4}"]
    lines += [
        f"{score.label:<{width}} {score.precision:>6.2f} {score.recall:>6.2f} "
        f"{score.f1:>6.2f} {score.support:>4}"
        for score in scores
    ]
    return lines
