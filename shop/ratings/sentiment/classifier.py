"""The sentiment classifier: train on the corpus, predict label and confidence, save and load.

Saved like the assistant's intent model: joblib with a format version, the scikit-learn
version and a hash of the training data, so a stale model (corpus edited, library upgraded) is
retrained instead of silently used. Model files are pickles: load only files this application
wrote itself.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import joblib
import sklearn
from sklearn.pipeline import Pipeline

from .data import DEFAULT_TRAINING_PATH, Example, dataset_hash, load_examples
from .features import DEFAULT_C, build_pipeline
from .schema import SENTIMENTS, Prediction, Sentiment

# Bump when the payload layout or preprocessing changes, so older files are rejected.
MODEL_FORMAT_VERSION = 1


class ModelError(RuntimeError):
    """A model file is missing, unreadable, or from an incompatible format version."""


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """Provenance stored next to the fitted pipeline."""

    format_version: int
    data_hash: str
    sklearn_version: str
    trained_at: str
    n_examples: int
    labels: tuple[str, ...]


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
        self._info = ModelInfo(
            format_version=MODEL_FORMAT_VERSION,
            data_hash=dataset_hash(list(examples)),
            sklearn_version=sklearn.__version__,
            trained_at=datetime.now(UTC).isoformat(timespec="seconds"),
            n_examples=len(examples),
            labels=tuple(str(label) for label in pipeline.classes_),
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
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        payload: dict[str, Any] = {"info": asdict(self._info), "pipeline": self._pipeline}
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        os.close(handle)
        try:
            joblib.dump(payload, temporary, compress=3)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    @classmethod
    def load(cls, path: str | Path) -> SentimentClassifier:
        """Read a model written by :meth:`save`; raise :class:`ModelError` if it is unusable."""
        path = Path(path)
        try:
            payload = joblib.load(path)
        except FileNotFoundError as error:
            raise ModelError(f"no model file at {path}") from error
        except Exception as error:  # a corrupt pickle can raise almost anything
            raise ModelError(f"cannot read model file {path}: {error}") from error
        if not isinstance(payload, dict) or not isinstance(payload.get("info"), dict):
            raise ModelError(f"{path} is not a sentiment model file")
        raw_info = dict(payload["info"])
        version = raw_info.get("format_version")
        if version != MODEL_FORMAT_VERSION:
            raise ModelError(
                f"{path} has model format {version!r}, this code reads {MODEL_FORMAT_VERSION}"
            )
        raw_info["labels"] = tuple(raw_info["labels"])
        return cls(payload["pipeline"], ModelInfo(**raw_info))

    def is_stale(self, data_path: str | Path = DEFAULT_TRAINING_PATH) -> bool:
        """True if the model was trained on other data or with another scikit-learn version."""
        current = dataset_hash(load_examples(data_path))
        return self.info.data_hash != current or self.info.sklearn_version != sklearn.__version__


def load_or_train(
    model_path: str | Path, data_path: str | Path = DEFAULT_TRAINING_PATH
) -> SentimentClassifier:
    """Load the model at ``model_path``; retrain and save it if missing, unusable or stale.

    Training takes well under a second, so the first use in a fresh deployment simply trains.
    """
    try:
        classifier: SentimentClassifier | None = SentimentClassifier.load(model_path)
    except ModelError:
        classifier = None
    if classifier is None or classifier.is_stale(data_path):
        classifier = SentimentClassifier.train_from_file(data_path)
        classifier.save(model_path)
    return classifier
