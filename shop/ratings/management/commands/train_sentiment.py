"""Train the review sentiment model, save it under var/, and print its figures: 5-fold
cross-validation on the training file (stratified and grouped by each line's group: a review
and its rewrites, a template and its fillings; the protocol the assistant's classifier follows,
``shop.ml.protocol``) beside the held-out file's, which was drawn from the same corpus the same
way (``shop.ratings.sentiment.corpus``). Also printed: the share of each evaluated set's words
seen in its training (a held-out set much more covered than a fold is an easier one), and the
figures for hand-written and templated reviews apart."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shop.ml.protocol import (
    Folds,
    LabelReport,
    Predictor,
    find_duplicates,
    fold_word_coverage,
    grouped_cross_validation,
    word_coverage,
)
from shop.ratings.sentiment import (
    DEFAULT_HELDOUT_PATH,
    DEFAULT_TRAINING_PATH,
    DataValidationError,
    SentimentClassifier,
    evaluate,
    load_examples,
)
from shop.ratings.sentiment.data import Example, load_provenance
from shop.ratings.sentiment.schema import SENTIMENTS
from shop.ratings.sentiment_model import sentiment_classifier, sentiment_model_path


class Command(BaseCommand):
    help = (
        "Train the review sentiment model, save it, and print its cross-validated figures "
        "beside its held-out ones."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--data", type=Path, default=DEFAULT_TRAINING_PATH)
        parser.add_argument("--heldout", type=Path, default=DEFAULT_HELDOUT_PATH)
        parser.add_argument("--out", type=Path, default=None, help="Default: the model path.")
        parser.add_argument("--errors", action="store_true", help="List misclassified reviews.")
        parser.add_argument("--folds", type=int, default=5, help="0: no cross-validation.")

    def handle(
        self,
        *args: Any,
        data: Path,
        heldout: Path,
        out: Path | None,
        errors: bool,
        folds: int = 5,
        **options: Any,
    ) -> None:
        out = out or sentiment_model_path()
        try:
            training = load_examples(data)
            held_out = load_examples(heldout, min_examples=1)
        except DataValidationError as error:
            raise CommandError(str(error)) from error
        leaked = find_duplicates(
            {"training": [t for t, _ in training], "held-out": [t for t, _ in held_out]}
        )
        if leaked:
            raise CommandError(
                "held-out reviews equal training ones after normalisation: "
                + "; ".join(d.describe() for d in leaked[:5])
            )
        self.stdout.write(f"Training on {len(training)} reviews from {data} ...")
        started = time.monotonic()
        classifier = SentimentClassifier()
        classifier.train(training)
        classifier.save(out)
        sentiment_classifier.cache_clear()  # this process now uses the new file
        self.stdout.write(
            self.style.SUCCESS(f"Trained in {time.monotonic() - started:.1f}s; saved to {out}")
        )
        report = evaluate(classifier, held_out)
        sources = [source for _, source in load_provenance(heldout, held_out)]
        heldout_parts = _by_origin(
            held_out, [str(p.label) for p in classifier.predict([t for t, _ in held_out])], sources
        )
        if folds:
            provenance = load_provenance(data, training)
            groups = [group for group, _ in provenance]
            labels = [label for _, label in training]
            result = cross_validate(training, groups, folds=folds)
            cv = LabelReport.score(labels, [str(o) for o in result.outputs], SENTIMENTS)
            self.stdout.write(f"\nCross-validation ({folds} folds of {data}):")
            self.stdout.write(
                "\n".join(
                    [
                        f"reviews:           {cv.total}",
                        f"accuracy:          {cv.accuracy:.1%}",
                        f"macro-F1:          {cv.macro_f1:.3f}",
                        "",
                        *cv.render_table(heading="sentiment", width=10),
                    ]
                )
            )
            cv_parts = _by_origin(
                training, [str(o) for o in result.outputs], [s for _, s in provenance]
            )
            texts = [text for text, _ in training]
            self.stdout.write("\nBy origin (accuracy, reviews): cross-validation | held-out")
            for origin in ORIGINS:
                self.stdout.write(f"  {origin:<13} {cv_parts[origin]} | {heldout_parts[origin]}")
            self.stdout.write(
                "Accuracy of each fold: "
                + ", ".join(f"{share:.1%}" for share in _fold_accuracies(training, result))
            )
            fold_coverage = fold_word_coverage(texts, labels, groups, n_splits=folds)
            self.stdout.write(
                f"\nWords seen in training: held-out "
                f"{word_coverage(texts, [t for t, _ in held_out]):.1%}, a cross-validation fold "
                f"{fold_coverage:.1%} (mean of the folds)"
            )
            self.stdout.write(
                f"\nCross-validated accuracy {cv.accuracy:.1%} (macro-F1 {cv.macro_f1:.3f}) "
                f"beside held-out {report.accuracy:.1%} (macro-F1 {report.macro_f1:.3f})"
            )
        self.stdout.write(f"\nHeld-out evaluation ({heldout}):")
        self.stdout.write(report.render(show_errors=errors))


ORIGINS = ("hand-written", "templated")


def _origin(source: str) -> str:
    return "templated" if source.startswith("templates.yaml") else "hand-written"


def _by_origin(
    examples: Sequence[Example], predicted: Sequence[str], sources: Sequence[str]
) -> dict[str, str]:
    """Accuracy and count per origin, as text."""
    parts: dict[str, str] = {}
    for origin in ORIGINS:
        pairs = [
            (label, got)
            for (_, label), got, source in zip(examples, predicted, sources, strict=True)
            if _origin(source) == origin
        ]
        right = sum(label == got for label, got in pairs)
        parts[origin] = f"{right / len(pairs):.1%} of {len(pairs)}" if pairs else "none"
    return parts


def _fold_accuracies(training: Sequence[Example], result: Folds) -> list[float]:
    """Each fold's accuracy: the spread a held-out set of a fold's size may show by chance."""
    shares = []
    for fold in range(result.n_splits):
        pairs = [
            (label, got)
            for (_, label), got, of in zip(training, result.outputs, result.fold_of, strict=True)
            if of == fold
        ]
        shares.append(sum(label == got for label, got in pairs) / len(pairs))
    return shares


def cross_validate(training: list[Example], groups: Sequence[str], *, folds: int) -> Folds:
    """Out-of-fold predictions for every training review; a group (a review and its rewrites,
    a template and its fillings) is always in one fold."""
    texts = [text for text, _ in training]
    labels = [label for _, label in training]

    def fit(fold_texts: Sequence[str], fold_labels: Sequence[str]) -> Predictor[str]:
        classifier = SentimentClassifier()
        classifier.train(list(zip(fold_texts, fold_labels, strict=True)))
        return lambda batch: [str(p.label) for p in classifier.predict(list(batch))]

    return grouped_cross_validation(texts, labels, groups, fit, n_splits=folds)
