"""Evaluate the assistant: definitions, corpus, duplicates, grouped CV, held-out, stress, hard
out-of-scope and product constraints (see customer_service/assistant/report.py)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from customer_service.assistant import DataValidationError, load_or_train
from customer_service.assistant.classifier import DEFAULT_SPEC
from customer_service.assistant.corpus import TRAINING_DIR, load_corpus
from customer_service.assistant.report import Options, full_report


class Command(BaseCommand):
    help = (
        "Print the intents' definitions, the training corpus and its provenance, the duplicate "
        "check, grouped cross-validation and the held-out, stress and hard out-of-scope figures "
        "per intent with the confusion between neighbours, and the product-constraint score."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--model", type=Path, default=settings.ASSISTANT_MODEL_PATH)
        parser.add_argument("--data", type=Path, default=TRAINING_DIR)
        parser.add_argument("--folds", type=int, default=5)
        parser.add_argument("--no-cv", action="store_true", help="Skip cross-validation.")
        parser.add_argument("--no-definitions", action="store_true")
        parser.add_argument("--errors", action="store_true", help="List every wrong message.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        try:
            corpus = load_corpus(options["data"])
            classifier = load_or_train(options["model"], options["data"])
        except (OSError, DataValidationError) as error:
            raise CommandError(f"cannot read the assistant's data: {error}") from error
        full_report(
            corpus,
            classifier,
            options=Options(
                folds=options["folds"],
                cross_validation=not options["no_cv"],
                definitions=not options["no_definitions"],
                errors=options["errors"],
                spec=DEFAULT_SPEC,
            ),
            write=lambda line: self.stdout.write(line),
        )
        self.stdout.write(f"(evaluated in {time.monotonic() - started:.0f} s)")
