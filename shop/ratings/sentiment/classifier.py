"""The sentiment classifier: train on the corpus, predict label and confidence, save and load.

Saved as a versioned model file (:mod:`shop.ml.model_files`, shared with the assistant's
intent model): joblib with a format version, the scikit-learn version and a hash of the
training data, so a stale model (corpus edited, library upgraded) is retrained instead of
silently used. Model files are pickles: load only files this application wrote itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sklearn.pipeline import Pipeline

from shop.ml import model_files
from shop.ml.model_files import ModelError, ModelInfo, load_model, save_model

from .data import DEFAULT_TRAINING_PATH, Example, load_examples
from .features import DEFAULT_C, build_pipeline
from .schema import SENTIMENTS, Prediction, Sentiment

# Bump when the payload layout or preprocessing changes, so older files are rejected.
MODEL_FORMAT_VERSION = 1


class SentimentClassifier:
    """Predicts positive, neutral or negative with probabilities; train it, or load one."""

    def __init__(self, pipeline: Pipeline | None = None, info: ModelInfo | None = None) -> None:
        self._pipeline = pipeline
        self._info = info

    @property
    def info(self) -> ModelInfo:
        if self._info is None:
            raise ModelError("the sentiment model has not been trained or loaded")
        return self._info

    def train(self, examples: Sequence[Example], *, c: float = DEFAULT_C) -> None:
        """Fit on ``(text, label)`` pairs; replaces any previous model."""
        labels = [label for _, label in examples]
        unknown = sorted(set(labels) - set(SENTIMENTS))
        if unknown:
            raise ValueError(f"unknown sentiment labels: {', '.join(unknown)}")
        if set(labels) != set(SENTIMENTS):
            raise ValueError(f"training needs examples of every sentiment: {SENTIMENTS}")
        pipeline = build_pipeline(c)
        pipeline.fit([text for text, _ in examples], labels)
        self._pipeline = pipeline
        self._info = ModelInfo.for_training(
            format_version=MODEL_FORMAT_VERSION, examples=examples, labels=pipeline.classes_
        )

    @classmethod
    def train_from_file(cls, path: str | Path = DEFAULT_TRAINING_PATH) -> SentimentClassifier:
        """Validate the corpus at ``path`` and return a classifier trained on it."""
        classifier = cls()
        classifier.train(load_examples(path))
        return classifier

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        """One prediction per text, in order; empty texts are the caller's to skip."""
        if self._pipeline is None:
            raise ModelError("the sentiment model has not been trained or loaded")
        if not texts:
            return []
        labels = self.info.labels
        predictions = []
        for row in self._pipeline.predict_proba(list(texts)).tolist():
            probabilities = {label: float(p) for label, p in zip(labels, row, strict=True)}
            best = max(probabilities, key=probabilities.__getitem__)
            predictions.append(Prediction(Sentiment(best), probabilities[best], probabilities))
        return predictions

    def save(self, path: str | Path) -> None:
        """Write the model atomically, so a reader never sees a half-written file."""
        if self._pipeline is None or self._info is None:
            raise ModelError("nothing to save: the sentiment model has not been trained")
        save_model(path, self._pipeline, self._info)

    @classmethod
    def load(cls, path: str | Path) -> SentimentClassifier:
        """Read a model written by :meth:`save`; raise :class:`ModelError` if it is unusable."""
        pipeline, info = load_model(
            path, format_version=MODEL_FORMAT_VERSION, kind="a sentiment model"
        )
        return cls(pipeline, info)

    def is_stale(self, data_path: str | Path = DEFAULT_TRAINING_PATH) -> bool:
        """True if the model was trained on other data or with another scikit-learn version."""
        return self.info.is_stale_for(load_examples(data_path))


def load_or_train(
    model_path: str | Path, data_path: str | Path = DEFAULT_TRAINING_PATH
) -> SentimentClassifier:
    """Load the model at ``model_path``; retrain and save it if missing, unusable or stale.

    Training takes well under a second, so the first use in a fresh deployment simply trains.
    """
    return model_files.load_or_train(SentimentClassifier, model_path, data_path)
