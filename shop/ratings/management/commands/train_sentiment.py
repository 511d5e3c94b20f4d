"""Train the review sentiment model, save it under var/, and print its figures: 5-fold
cross-validation on the training file (stratified and grouped by normalised text, the protocol
the assistant's classifier follows, ``shop.ml.protocol``) beside the held-out file's."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shop.ml.protocol import LabelReport, Predictor, grouped_cross_validation
from shop.ml.text import duplicate_key
from shop.ratings.sentiment import (
    DEFAULT_HELDOUT_PATH,
    DEFAULT_TRAINING_PATH,
    DataValidationError,
    SentimentClassifier,
    evaluate,
    load_examples,
)
from shop.ratings.sentiment.data import Example, overlap
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
        leaked = overlap(training, held_out)
        if leaked:
            raise CommandError(f"held-out reviews also in the training data: {leaked}")
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
        if folds:
            cv = cross_validate(training, folds=folds)
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
            self.stdout.write(
                f"\nCross-validated accuracy {cv.accuracy:.1%} (macro-F1 {cv.macro_f1:.3f}) "
                f"beside held-out {report.accuracy:.1%} (macro-F1 {report.macro_f1:.3f})"
            )
        self.stdout.write(f"\nHeld-out evaluation ({heldout}):")
        self.stdout.write(report.render(show_errors=errors))


def cross_validate(training: list[Example], *, folds: int) -> LabelReport:
    """Out-of-fold predictions for every training review, scored; a review and its
    normalised duplicates (none, as the loader rejects them) share a fold."""
    texts = [text for text, _ in training]
    labels = [label for _, label in training]

    def fit(fold_texts: Sequence[str], fold_labels: Sequence[str]) -> Predictor[str]:
        classifier = SentimentClassifier()
        classifier.train(list(zip(fold_texts, fold_labels, strict=True)))
        return lambda batch: [str(p.label) for p in classifier.predict(list(batch))]

    result = grouped_cross_validation(
        texts, labels, [duplicate_key(t) for t in texts], fit, n_splits=folds
    )
    return LabelReport.score(labels, [str(o) for o in result.outputs], SENTIMENTS)
