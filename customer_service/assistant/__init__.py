"""The customer-service assistant's framework-free core.

It decides what to do with a customer's message; the Django side carries the decision out.
Typical use::

    classifier = load_or_train(settings.VAR_DIR / "assistant" / "intent_model.joblib")
    vocabulary = ShopVocabulary.build(product_types=..., brands=..., colours=..., sizes=...)
    assistant = Assistant(classifier, vocabulary=vocabulary)
    decision = assistant.decide(text, DialogueState.from_dict(session_data), signed_in=True)
    session_data = decision.state.to_dict()

No Django imports here: only the standard library, NumPy/SciPy, scikit-learn, joblib, PyYAML
and the framework-free :mod:`shop.ml` helpers (text normalisation, model files, per-label
figures) that it shares with the review sentiment model.
"""

from .classifier import IntentClassifier, ModelError, ModelInfo, load_or_train
from .constraints import ConstraintExtractor, PriceLevel, ProductConstraints, Sort
from .corpus import Phrasing, load_corpus
from .data import DEFAULT_TRAINING_PATH, DataValidationError, load_dataset
from .dialogue import Assistant, Decision, DialogueState
from .entities import Entities, extract_email, extract_order_number
from .evaluation import EvaluationReport, cross_validate, evaluate
from .schema import INTENTS, Action, Awaiting, HandoffReason, Intent, Source
from .tone import ToneResult, tone_score
from .vocabulary import ShopVocabulary

__all__ = [
    "DEFAULT_TRAINING_PATH",
    "INTENTS",
    "Action",
    "Assistant",
    "Awaiting",
    "ConstraintExtractor",
    "DataValidationError",
    "Decision",
    "DialogueState",
    "Entities",
    "EvaluationReport",
    "HandoffReason",
    "Intent",
    "IntentClassifier",
    "ModelError",
    "ModelInfo",
    "Phrasing",
    "PriceLevel",
    "ProductConstraints",
    "ShopVocabulary",
    "Sort",
    "Source",
    "ToneResult",
    "cross_validate",
    "evaluate",
    "extract_email",
    "extract_order_number",
    "load_corpus",
    "load_dataset",
    "load_or_train",
    "tone_score",
]
