"""The intent classifier: TF-IDF word and character n-grams into a logistic regression.

Word n-grams carry the vocabulary ("cancel", "money back"); character n-grams within word
boundaries carry misspellings and word forms ("cancell", "refunded", "delivry") that a word
model has never seen. Logistic regression gives probabilities that are usable as confidence
without a separate calibration step, which the assistant's threshold and margin rely on.

A trained model is saved as a versioned model file (:mod:`shop.ml.model_files`, shared with the
review sentiment model): joblib together with a format version, the scikit-learn version and a
hash of its training data, so a model that is stale (data edited, library upgraded) or from an
incompatible release is detected instead of silently used.

Model files are pickles: load only files this application wrote itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from shop.ml import model_files
from shop.ml.model_files import ModelError, ModelInfo, load_model, save_model

from .data import DEFAULT_TRAINING_PATH, as_examples, load_dataset
from .entities import mask_order_numbers
from .normalise import clean, normalise
from .schema import INTENTS

# Bump when the payload layout or preprocessing changes, so older files are rejected.
MODEL_FORMAT_VERSION = 1
# Inverse regularisation strength, chosen by cross-validation on the training data only.
DEFAULT_C = 10.0


def preprocess(text: str) -> str:
    """The text the model sees: cleaned, order numbers masked, then normalised."""
    return normalise(mask_order_numbers(clean(text)))


def build_pipeline(c: float = DEFAULT_C) -> Pipeline:
    """An unfitted pipeline; exposed so the choice of features can be cross-validated."""
    features = FeatureUnion(
        [
            (
                "words",
                TfidfVectorizer(
                    analyzer="word",
                    ngram_range=(1, 2),
                    token_pattern=r"(?u)\b\w+\b",  # keep one-letter words: "i", "a"
                    sublinear_tf=True,
                ),
            ),
            (
                "chars",
                TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
            ),
        ]
    )
    # A fixed seed: saga shuffles, and the same data should give the same model every time.
    model = LogisticRegression(
        C=c, solver="saga", max_iter=5000, class_weight="balanced", random_state=0
    )
    return Pipeline([("features", features), ("model", model)])


class IntentClassifier:
    """Predicts a probability for each intent; train it, or load a saved one."""

    def __init__(self, pipeline: Pipeline | None = None, info: ModelInfo | None = None) -> None:
        self._pipeline = pipeline
        self._info = info

    @property
    def info(self) -> ModelInfo:
        if self._info is None:
            raise ModelError("the classifier has not been trained or loaded")
        return self._info

    def train(self, texts: Sequence[str], labels: Sequence[str], *, c: float = DEFAULT_C) -> None:
        """Fit on ``texts`` with intent ``labels``; replaces any previous model."""
        if len(texts) != len(labels):
            raise ValueError(f"{len(texts)} texts but {len(labels)} labels")
        unknown = sorted(set(labels) - set(INTENTS))
        if unknown:
            raise ValueError(f"unknown intent labels: {', '.join(unknown)}")
        if len(set(labels)) < 2:
            raise ValueError("training needs at least two intents")
        pipeline = build_pipeline(c)
        pipeline.fit([preprocess(text) for text in texts], list(labels))
        self._pipeline = pipeline
        self._info = ModelInfo.for_training(
            format_version=MODEL_FORMAT_VERSION,
            examples=list(zip(texts, labels, strict=True)),
            labels=pipeline.classes_,
        )

    @classmethod
    def train_from_file(cls, path: str | Path = DEFAULT_TRAINING_PATH) -> IntentClassifier:
        """Validate the YAML training data at ``path`` and return a classifier trained on it."""
        examples = as_examples(load_dataset(path))
        classifier = cls()
        classifier.train([text for text, _ in examples], [label for _, label in examples])
        return classifier

    def predict_proba(self, text: str) -> list[tuple[str, float]]:
        """Return ``(intent, probability)`` for every known intent, most probable first."""
        if self._pipeline is None:
            raise ModelError("the classifier has not been trained or loaded")
        probabilities = self._pipeline.predict_proba([preprocess(text)])[0]
        ranked = sorted(
            zip(self.info.labels, probabilities.tolist(), strict=True),
            key=lambda pair: pair[1],
            reverse=True,
        )
        return [(label, float(probability)) for label, probability in ranked]

    def save(self, path: str | Path) -> None:
        """Write the model atomically, so a reader never sees a half-written file."""
        if self._pipeline is None or self._info is None:
            raise ModelError("nothing to save: the classifier has not been trained")
        save_model(path, self._pipeline, self._info)

    @classmethod
    def load(cls, path: str | Path) -> IntentClassifier:
        """Read a model written by :meth:`save`; raise :class:`ModelError` if it is unusable."""
        pipeline, info = load_model(
            path, format_version=MODEL_FORMAT_VERSION, kind="an intent model"
        )
        return cls(pipeline, info)

    def is_stale(self, data_path: str | Path = DEFAULT_TRAINING_PATH) -> bool:
        """True if the model was trained on other data or with another scikit-learn version."""
        return self.info.is_stale_for(as_examples(load_dataset(data_path)))


def load_or_train(
    model_path: str | Path, data_path: str | Path = DEFAULT_TRAINING_PATH
) -> IntentClassifier:
    """Load the model at ``model_path``; retrain and save it if missing, unusable or stale.

    This is what a deployment calls at start-up: editing ``intents.yaml`` or upgrading
    scikit-learn then costs one retraining (about a second) instead of wrong answers.
    """
    return model_files.load_or_train(IntentClassifier, model_path, data_path)
