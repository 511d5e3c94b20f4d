"""Shared fixtures: one classifier trained on the shipped data for the whole session."""

from __future__ import annotations

import pytest

from customer_service.assistant import Assistant, IntentClassifier
from customer_service.assistant.evaluation_sets import EVALUATION_SETS

EVAL_PATH = EVALUATION_SETS["held-out"]


@pytest.fixture(scope="session")
def classifier() -> IntentClassifier:
    return IntentClassifier.train_from_file()


@pytest.fixture(scope="session")
def assistant(classifier: IntentClassifier) -> Assistant:
    return Assistant(classifier)
