"""Train the review sentiment model, save it under var/ and score it on the held-out file."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shop.ratings.sentiment import (
    DEFAULT_HELDOUT_PATH,
    DEFAULT_TRAINING_PATH,
    DataValidationError,
    SentimentClassifier,
    evaluate,
    load_examples,
)
from shop.ratings.sentiment.data import overlap
from shop.ratings.sentiment_model import sentiment_classifier, sentiment_model_path


class Command(BaseCommand):
    help = "Train the review sentiment model, save it, and print its held-out figures."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--data", type=Path, default=DEFAULT_TRAINING_PATH)
        parser.add_argument("--heldout", type=Path, default=DEFAULT_HELDOUT_PATH)
        parser.add_argument("--out", type=Path, default=None, help="Default: the model path.")
        parser.add_argument("--errors", action="store_true", help="List misclassified reviews.")

    def handle(
        self,
        *args: Any,
        data: Path,
        heldout: Path,
        out: Path | None,
        errors: bool,
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
        self.stdout.write(f"\nHeld-out evaluation ({heldout}):")
        self.stdout.write(evaluate(classifier, held_out).render(show_errors=errors))
