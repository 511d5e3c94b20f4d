"""One sentiment model trained on the shipped corpus for the whole session (no database)."""

from __future__ import annotations

import pytest

from shop.ratings.sentiment import SentimentClassifier


@pytest.fixture(scope="session")
def classifier() -> SentimentClassifier:
    return SentimentClassifier.train_from_file()
