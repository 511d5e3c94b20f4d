"""Review sentiment, framework-free: positive, neutral or negative with a confidence.

A TF-IDF word (with negation marking) and character n-gram model with logistic regression,
trained on the hand-written review corpus in ``data/`` and evaluated on its held-out file.
Typical use::

    classifier = load_or_train(var_dir / "sentiment" / "review_model.joblib")
    prediction = classifier.predict(["Not bad at all."])[0]
    prediction.label, prediction.confidence  # ("positive", 0.8...)

No Django imports here: only the standard library, NumPy, scikit-learn and joblib, and the
framework-free :mod:`shop.ml` helpers (text normalisation, model files, per-label figures) that
it shares with the customer-service assistant.
"""

from .classifier import ModelError, ModelInfo, SentimentClassifier, load_or_train
from .data import (
    DEFAULT_HELDOUT_PATH,
    DEFAULT_TRAINING_PATH,
    DataValidationError,
    load_examples,
)
from .evaluation import EvaluationReport, StarAgreement, evaluate, star_agreement
from .schema import SENTIMENTS, Prediction, Sentiment, review_text
from .stars import DISAGREEMENT_CONFIDENCE, stars_disagree, stars_sentiment

__all__ = [
    "DEFAULT_HELDOUT_PATH",
    "DEFAULT_TRAINING_PATH",
    "DISAGREEMENT_CONFIDENCE",
    "SENTIMENTS",
    "DataValidationError",
    "EvaluationReport",
    "ModelError",
    "ModelInfo",
    "Prediction",
    "Sentiment",
    "SentimentClassifier",
    "StarAgreement",
    "evaluate",
    "load_examples",
    "load_or_train",
    "review_text",
    "star_agreement",
    "stars_disagree",
    "stars_sentiment",
]
