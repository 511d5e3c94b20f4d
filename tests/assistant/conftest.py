"""Shared fixtures: one classifier trained on the shipped data for the whole session."""

from __future__ import annotations

from pathlib import Path

import pytest

from customer_service.assistant import Assistant, IntentClassifier

EVAL_PATH = (
    Path(__file__).resolve().parents[2]
    / "customer_service"
    / "data"
    / "evaluation"
    / "heldout.yaml"
)


@pytest.fixture(scope="session")
def classifier() -> IntentClassifier:
    return IntentClassifier.train_from_file()


@pytest.fixture(scope="session")
def assistant(classifier: IntentClassifier) -> Assistant:
    return Assistant(classifier)
