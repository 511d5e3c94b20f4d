"""Train the assistant's intent classifier and save it under var/."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from customer_service.assistant import DataValidationError, IntentClassifier, ModelError
from customer_service.assistant.data import DEFAULT_TRAINING_PATH


class Command(BaseCommand):
    help = "Train the assistant's intent model from customer_service/data/training and save it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--data", type=Path, default=DEFAULT_TRAINING_PATH)
        parser.add_argument("--out", type=Path, default=settings.ASSISTANT_MODEL_PATH)
        parser.add_argument(
            "--if-stale",
            action="store_true",
            help="Train only if the saved model is missing, unusable or stale (before serving).",
        )

    def handle(self, *args: Any, data: Path, out: Path, **options: Any) -> None:
        if options["if_stale"]:
            try:
                if not IntentClassifier.load(out).is_stale(data):
                    self.stdout.write(f"The model at {out} is up to date; not retrained.")
                    return
            except ModelError:
                pass  # missing or unusable: train it
        self.stdout.write(f"Training on {data} (calibration: 5 grouped folds, then the model) ...")
        started = time.monotonic()
        try:
            classifier = IntentClassifier.train_from_file(data)
        except DataValidationError as error:
            raise CommandError(f"training data is invalid: {error}") from error
        out.parent.mkdir(parents=True, exist_ok=True)
        classifier.save(out)
        info = classifier.info
        calibration = ", ".join(f"{key} {value}" for key, value in info.calibration.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Trained on {info.n_examples} examples, {len(info.labels)} intents, "
                f"in {time.monotonic() - started:.1f}s; saved to {out}"
            )
        )
        self.stdout.write(f"Calibrated on out-of-fold scores: {calibration}")
