from __future__ import annotations

import shutil
from pathlib import Path

import joblib
import numpy as np
import pytest

from customer_service.assistant import Assistant
from customer_service.assistant.classifier import (
    MODEL_CANDIDATES,
    MODEL_FORMAT_VERSION,
    IntentClassifier,
    ModelError,
    _scores,
    load_or_train,
    preprocess,
)
from customer_service.assistant.data import DEFAULT_TRAINING_PATH, as_examples, load_dataset
from customer_service.assistant.schema import INTENTS
from customer_service.assistant.scoring import scorer_for

TINY = [
    ("where is my parcel", "order_status"),
    ("track my order", "order_status"),
    ("has my package shipped", "order_status"),
    ("i want a refund", "return_refund"),
    ("how do i return this", "return_refund"),
    ("send it back for my money", "return_refund"),
]


def test_predict_proba_is_a_sorted_distribution_over_all_intents(
    classifier: IntentClassifier,
) -> None:
    ranked = classifier.predict_proba("where is my parcel?")
    assert {label for label, _ in ranked} == set(INTENTS)
    probabilities = [probability for _, probability in ranked]
    assert probabilities == sorted(probabilities, reverse=True)
    assert sum(probabilities) == pytest.approx(1.0)
    assert ranked[0][0] == "order_status"


def test_order_numbers_are_masked_so_codes_do_not_matter(classifier: IntentClassifier) -> None:
    first = classifier.predict_proba("cancel ORD-7K4M9QX2")
    second = classifier.predict_proba("cancel ord 2222aaaa")
    assert first == second


def test_train_tiny_and_round_trip(tmp_path: Path) -> None:
    classifier = IntentClassifier()
    classifier.train([text for text, _ in TINY], [label for _, label in TINY])
    path = tmp_path / "models" / "intent.joblib"
    classifier.save(path)
    loaded = IntentClassifier.load(path)
    assert loaded.info == classifier.info
    assert loaded.info.format_version == MODEL_FORMAT_VERSION
    assert loaded.predict_proba("where's my package") == classifier.predict_proba(
        "where's my package"
    )
    assert list(tmp_path.joinpath("models").iterdir()) == [path]  # no temporary files left


def test_training_rejects_bad_input() -> None:
    classifier = IntentClassifier()
    with pytest.raises(ValueError, match="unknown intent"):
        classifier.train(["hi", "yo"], ["greeting", "salutation"])
    with pytest.raises(ValueError, match="2 texts but 1 labels"):
        classifier.train(["hi", "yo"], ["greeting"])
    with pytest.raises(ValueError, match="two intents"):
        classifier.train(["hi", "yo"], ["greeting", "greeting"])


def test_untrained_classifier_fails_clearly(tmp_path: Path) -> None:
    with pytest.raises(ModelError):
        IntentClassifier().predict_proba("hi")
    with pytest.raises(ModelError):
        IntentClassifier().save(tmp_path / "model.joblib")


def test_load_rejects_missing_foreign_and_old_files(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no model file"):
        IntentClassifier.load(tmp_path / "absent.joblib")
    joblib.dump({"something": "else"}, tmp_path / "foreign.joblib")
    with pytest.raises(ModelError, match="not an intent model"):
        IntentClassifier.load(tmp_path / "foreign.joblib")
    joblib.dump({"info": {"format_version": 0}, "pipeline": None}, tmp_path / "old.joblib")
    with pytest.raises(ModelError, match="model format 0"):
        IntentClassifier.load(tmp_path / "old.joblib")
    (tmp_path / "garbage.joblib").write_bytes(b"not a pickle")
    with pytest.raises(ModelError, match="cannot read"):
        IntentClassifier.load(tmp_path / "garbage.joblib")


def test_staleness_follows_the_training_data(classifier: IntentClassifier, tmp_path: Path) -> None:
    assert not classifier.is_stale(DEFAULT_TRAINING_PATH)
    edited = tmp_path / "edited"
    shutil.copytree(DEFAULT_TRAINING_PATH, edited)
    phrasings = edited / "phrasings.yaml"
    phrasings.write_text(
        phrasings.read_text(encoding="utf-8") + "- is ciabatta a kind of bread\n",
        encoding="utf-8",
    )
    phrasings.write_text(
        phrasings.read_text(encoding="utf-8").replace(
            "complaint:\n", "complaint:\n- I am cross about the ciabatta\n", 1
        ),
        encoding="utf-8",
    )
    assert classifier.is_stale(edited)
    # Comments and layout do not count as a change.
    reformatted = tmp_path / "reformatted"
    shutil.copytree(DEFAULT_TRAINING_PATH, reformatted)
    legacy = reformatted / "legacy.yaml"
    legacy.write_text("# a new comment\n" + legacy.read_text(encoding="utf-8"), encoding="utf-8")
    assert not classifier.is_stale(reformatted)


def test_calibration_is_fitted_out_of_fold_and_used_by_the_assistant(
    classifier: IntentClassifier,
) -> None:
    calibration = classifier.calibration
    assert 0.0 <= calibration["threshold"] < 1.0 and 0.0 <= calibration["margin"] < 1.0
    # Some messages rejected: by a threshold or margin, or by the bias on out_of_scope's score.
    assert calibration["threshold"] > 0 or calibration["margin"] > 0 or calibration["oos_bias"]
    assert calibration["temperature"] > 0
    # Out-of-fold figures are lower than a model's figures on its own training data would be.
    assert 0.5 < calibration["oof_in_scope_accuracy"] < 1.0
    assistant = Assistant(classifier)
    assert (assistant.threshold, assistant.margin) == (
        calibration["threshold"],
        calibration["margin"],
    )
    assert Assistant(classifier, threshold=0.1, margin=0.0).threshold == 0.1


def test_training_is_deterministic() -> None:
    texts = [text for text, _ in TINY] * 2
    labels = [label for _, label in TINY] * 2
    first, second = IntentClassifier(), IntentClassifier()
    first.train(texts, labels)
    second.train(texts, labels)
    assert first.predict_proba("where is it") == second.predict_proba("where is it")


def test_load_or_train_reuses_a_fresh_model_and_replaces_a_stale_one(tmp_path: Path) -> None:
    data = tmp_path / "intents.yaml"
    # Small synthetic data keeps the two trainings fast.
    data.write_text(
        "".join(
            f"{intent}:\n" + "".join(f"  - {intent} phrase {n}\n" for n in range(20))
            for intent in INTENTS
        ),
        encoding="utf-8",
    )
    model = tmp_path / "model.joblib"

    first = load_or_train(model, data)  # no file yet: trains and saves
    assert model.exists()
    again = load_or_train(model, data)
    assert again.info.trained_at == first.info.trained_at
    assert again.info.data_hash == first.info.data_hash

    with data.open("a", encoding="utf-8") as handle:
        handle.write("  - what is the airspeed of a swallow\n")
    retrained = load_or_train(model, data)
    assert retrained.info.data_hash != first.info.data_hash
    assert retrained.info.n_examples == len(as_examples(load_dataset(data)))
    assert IntentClassifier.load(model).info.data_hash == retrained.info.data_hash


def test_fast_scorer_gives_the_pipelines_own_margins(classifier: IntentClassifier) -> None:
    """The serving path (scoring.py) skips scikit-learn's per-call overhead, not its maths."""
    pipeline = classifier._pipeline
    assert pipeline is not None
    scorer = scorer_for(pipeline)
    assert scorer is not None
    texts = [
        preprocess(text)
        for text in (
            "Hello, I was hoping someone could explain how I go about sending back a jacket",
            "where is ORD-7K4M9QX2??",
            "cancel cancel cancel",
            "",
            "<>",
            "wat",
        )
    ]
    assert np.allclose(scorer.scores(texts), _scores(pipeline, texts), atol=1e-9)


def test_models_the_fast_scorer_does_not_cover_use_the_pipeline() -> None:
    classifier = IntentClassifier()
    texts = [text for text, _ in TINY]
    labels = [label for _, label in TINY]
    classifier.train(texts, labels, spec=MODEL_CANDIDATES["logreg-c10"], calibrate=False)
    assert classifier._pipeline is not None
    assert scorer_for(classifier._pipeline) is None
    assert classifier.predict_proba("where is my parcel")[0][0] == "order_status"
