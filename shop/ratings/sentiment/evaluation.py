"""Figures for the model: held-out accuracy and macro-F1, and agreement with star ratings.

* **accuracy**: the share of held-out reviews whose predicted sentiment equals the label;
* **macro-F1**: the unweighted mean of the per-sentiment F1 (scikit-learn's ``average="macro"``),
  so the rarer neutral and negative reviews count as much as the many positive ones;
* **expected calibration error**: the gap between confidence and accuracy, averaged over ten
  confidence bins weighted by their size; 0 means a confidence of 0.8 is right 80% of the time;
* **agreement with stars**: on real reviews the stars are a noisy label (4-5 positive, 3
  neutral, 1-2 negative); agreement is the share where text and stars say the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix

from shop.ml.evaluation import LabelScore, macro_f1, render_label_scores

from .classifier import SentimentClassifier
from .data import Example
from .schema import SENTIMENTS, Prediction
from .stars import DISAGREEMENT_CONFIDENCE, stars_disagree, stars_sentiment

CALIBRATION_BINS = 10


@dataclass(frozen=True, slots=True)
class EvaluationReport:
    total: int
    accuracy: float
    macro_f1: float
    calibration_error: float
    per_label: tuple[LabelScore, ...]
    confusion: tuple[tuple[int, ...], ...]  # rows: expected, columns: predicted, SENTIMENTS order
    errors: tuple[tuple[str, str, str, float], ...]  # (text, expected, predicted, confidence)

    def render(self, *, show_errors: bool = False) -> str:
        lines = [
            f"reviews:           {self.total}",
            f"accuracy:          {self.accuracy:.1%}",
            f"macro-F1:          {self.macro_f1:.3f}",
            f"calibration error: {self.calibration_error:.3f}",
            "",
            *render_label_scores(self.per_label, heading="sentiment", width=10),
        ]
        lines += ["", _confusion_table(self.confusion, "expected", "predicted")]
        if show_errors and self.errors:
            lines += ["", "errors (expected -> predicted, confidence):"]
            lines += [f"  {e} -> {p} ({c:.2f}): {t}" for t, e, p, c in self.errors]
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class StarAgreement:
    total: int
    agreement: float
    macro_f1: float
    flagged: int  # text and stars confidently disagree (see stars.stars_disagree)
    confusion: tuple[tuple[int, ...], ...]  # rows: what the stars say, columns: the text

    def render(self) -> str:
        return "\n".join(
            [
                f"reviews with text:      {self.total}",
                f"agreement with stars:   {self.agreement:.1%}",
                f"macro-F1 against stars: {self.macro_f1:.3f}",
                f"text and stars disagree (confidence >= {DISAGREEMENT_CONFIDENCE}): "
                f"{self.flagged}",
                "",
                _confusion_table(self.confusion, "stars", "text"),
            ]
        )


def _confusion_table(confusion: tuple[tuple[int, ...], ...], rows: str, columns: str) -> str:
    header = f"{rows + ' / ' + columns:<22}" + "".join(f"{label:>10}" for label in SENTIMENTS)
    body = [
        f"{label:<22}" + "".join(f"{count:>10}" for count in row)
        for label, row in zip(SENTIMENTS, confusion, strict=True)
    ]
    return "\n".join([header, *body])


def calibration_error(predictions: Sequence[Prediction], expected: Sequence[str]) -> float:
    """Expected calibration error over equal-width confidence bins."""
    if not predictions:
        return 0.0
    confidence = np.array([p.confidence for p in predictions])
    correct = np.array([p.label == e for p, e in zip(predictions, expected, strict=True)])
    bins = np.minimum((confidence * CALIBRATION_BINS).astype(int), CALIBRATION_BINS - 1)
    error = 0.0
    for index in np.unique(bins):
        members = bins == index
        error += members.mean() * abs(confidence[members].mean() - correct[members].mean())
    return float(error)


def _matrix(expected: Sequence[str], predicted: Sequence[str]) -> tuple[tuple[int, ...], ...]:
    matrix = confusion_matrix(expected, predicted, labels=list(SENTIMENTS))
    return tuple(tuple(int(count) for count in row) for row in matrix.tolist())


def evaluate(classifier: SentimentClassifier, examples: Sequence[Example]) -> EvaluationReport:
    """Score ``classifier`` on labelled ``(text, label)`` examples it was not trained on."""
    if not examples:
        raise ValueError("nothing to evaluate: no examples")
    expected = [label for _, label in examples]
    predictions = classifier.predict([text for text, _ in examples])
    predicted = [str(p.label) for p in predictions]
    per_label = LabelScore.for_labels(expected, predicted, SENTIMENTS)
    errors = tuple(
        (text, label, str(p.label), p.confidence)
        for (text, label), p in zip(examples, predictions, strict=True)
        if p.label != label
    )
    return EvaluationReport(
        total=len(examples),
        accuracy=float(accuracy_score(expected, predicted)),
        macro_f1=macro_f1(per_label),
        calibration_error=calibration_error(predictions, expected),
        per_label=per_label,
        confusion=_matrix(expected, predicted),
        errors=errors,
    )


def star_agreement(
    stars: Sequence[int], labels: Sequence[str], confidences: Sequence[float]
) -> StarAgreement:
    """How often the text's sentiment matches what the stars say, and how often it contradicts.

    ``labels`` and ``confidences`` are the text's predicted sentiment, one per star rating.
    """
    if not len(stars) == len(labels) == len(confidences):
        raise ValueError("stars, labels and confidences must have the same length")
    from_stars = [str(stars_sentiment(count)) for count in stars]
    from_text = [str(label) for label in labels]
    total = len(stars)
    return StarAgreement(
        total=total,
        agreement=float(accuracy_score(from_stars, from_text)) if total else 0.0,
        macro_f1=macro_f1(LabelScore.for_labels(from_stars, from_text, SENTIMENTS)),
        flagged=sum(
            stars_disagree(s, label, confidence)
            for s, label, confidence in zip(stars, labels, confidences, strict=True)
        ),
        confusion=_matrix(from_stars, from_text),
    )
