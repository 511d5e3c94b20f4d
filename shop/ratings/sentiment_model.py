"""The process-wide sentiment model, for review writes and the assistant's ticket priority."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.conf import settings

from .sentiment import SentimentClassifier, load_or_train


def sentiment_model_path() -> Path:
    return Path(settings.SENTIMENT_MODEL_PATH)


@cache
def sentiment_classifier() -> SentimentClassifier:
    """One model per process: loaded once, or trained (well under a second) if missing/stale."""
    return load_or_train(sentiment_model_path())
