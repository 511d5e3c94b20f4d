"""Score the assistant on the held-out evaluation set (never used for training)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from customer_service.assistant import (
    Assistant,
    DataValidationError,
    evaluate,
    load_dataset,
    load_or_train,
)
from customer_service.assistant.data import as_examples

EVAL_PATH = Path(settings.BASE_DIR) / "customer_service" / "data" / "evaluation" / "heldout.yaml"


class Command(BaseCommand):
    help = "Print accuracy, macro-F1, out-of-scope recall and a confusion table."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--eval", type=Path, default=EVAL_PATH, dest="eval_path")
        parser.add_argument("--model", type=Path, default=settings.ASSISTANT_MODEL_PATH)
        parser.add_argument("--errors", action="store_true", help="List misclassified messages.")

    def handle(
        self, *args: Any, eval_path: Path, model: Path, errors: bool, **options: Any
    ) -> None:
        try:
            examples = as_examples(
                load_dataset(eval_path, min_examples=1, require_all_intents=False)
            )
        except (OSError, DataValidationError) as error:
            raise CommandError(f"cannot read the evaluation set {eval_path}: {error}") from error
        report = evaluate(Assistant(load_or_train(model)), examples)
        self.stdout.write(report.render(show_errors=errors))
