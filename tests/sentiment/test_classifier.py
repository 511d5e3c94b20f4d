"""The sentiment engine on its own: quality on the held-out file, negation, confidence, files."""

from __future__ import annotations

import json
import time
from pathlib import Path

import joblib
import pytest

from shop.ratings.sentiment import (
    DEFAULT_HELDOUT_PATH,
    SENTIMENTS,
    ModelError,
    SentimentClassifier,
    evaluate,
    load_examples,
    load_or_train,
)
from shop.ratings.sentiment.classifier import MODEL_FORMAT_VERSION
from shop.ratings.sentiment.data import MIN_TRAINING_EXAMPLES as MIN
from shop.ratings.sentiment.features import mark_negation

# Measured (issue 20): 80.0% accuracy and 0.798 macro-F1 on the 320 held-out reviews, the
# lowest per-sentiment F1 0.75 (negative), beside 77.1% in 5-fold cross-validation. The
# held-out set is now drawn from the corpus as a fold is (before, an easy core gave 95.3%
# beside 66.6%). The floors leave room for a retrained model to differ a little without
# hiding a real regression; they are guards, not targets.
HELDOUT_ACCURACY_FLOOR = 0.75
HELDOUT_MACRO_F1_FLOOR = 0.75
PER_SENTIMENT_F1_FLOOR = 0.70


def test_held_out_quality_is_above_the_floors(classifier: SentimentClassifier) -> None:
    held_out = load_examples(DEFAULT_HELDOUT_PATH, min_examples=1)
    report = evaluate(classifier, held_out)
    assert report.total == len(held_out) >= 300
    assert report.accuracy >= HELDOUT_ACCURACY_FLOOR, report.render(show_errors=True)
    assert report.macro_f1 >= HELDOUT_MACRO_F1_FLOOR, report.render(show_errors=True)
    assert {score.label for score in report.per_label} == set(SENTIMENTS)
    assert all(score.f1 >= PER_SENTIMENT_F1_FLOOR for score in report.per_label)
    assert sum(map(sum, report.confusion)) == report.total
    assert 0.0 <= report.calibration_error <= 1.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Negated criticism is praise, negated praise is criticism.
        ("Not bad at all, I'm glad I bought it.", "positive"),
        ("Never had a single problem with it.", "positive"),
        ("Honestly, no complaints at all.", "positive"),
        ("Not worth it.", "negative"),
        ("Not good, it broke in a week.", "negative"),
        ("Not happy with the quality.", "negative"),
        ("Not the best, but not bad either.", "neutral"),
        # Short ones.
        ("Meh.", "neutral"),
        ("Superb!", "positive"),
        ("Rubbish!", "negative"),
    ],
)
def test_negation_and_short_reviews(
    classifier: SentimentClassifier, text: str, expected: str
) -> None:
    assert classifier.predict([text])[0].label == expected


def test_negation_marks_the_governed_words_up_to_the_clause_end() -> None:
    assert mark_negation("Not bad at all.") == "not neg_bad neg_at neg_all ."
    assert mark_negation("Isn't great, but I love it") == "is not neg_great , but i love it"


def test_predictions_are_distributions_with_the_top_label_as_confidence(
    classifier: SentimentClassifier,
) -> None:
    texts = ["Love it!", "It's fine.", "Broke on day one.", "???", "x" * 3000]
    predictions = classifier.predict(texts)
    assert len(predictions) == len(texts)
    for prediction in predictions:
        assert set(prediction.probabilities) == set(SENTIMENTS)
        assert sum(prediction.probabilities.values()) == pytest.approx(1.0)
        assert all(0.0 <= p <= 1.0 for p in prediction.probabilities.values())
        assert prediction.confidence == max(prediction.probabilities.values())
        assert prediction.probabilities[prediction.label] == prediction.confidence
    assert classifier.predict([]) == []


def test_training_takes_well_under_a_few_seconds() -> None:
    started = time.monotonic()
    SentimentClassifier.train_from_file()
    assert time.monotonic() - started < 5.0


def test_save_load_round_trip_and_stale_model_is_retrained(tmp_path: Path) -> None:
    data = tmp_path / "train.jsonl"
    rows = [
        *({"label": "positive", "text": f"great value {i}"} for i in range(MIN)),
        *({"label": "neutral", "text": f"it is okay {i}"} for i in range(MIN)),
        *({"label": "negative", "text": f"broke quickly {i}"} for i in range(MIN)),
    ]
    data.write_text("\n".join(json.dumps(row) for row in rows), encoding="utf-8")
    model = tmp_path / "models" / "sentiment.joblib"

    classifier = load_or_train(model, data)
    assert model.exists() and not classifier.is_stale(data)
    loaded = SentimentClassifier.load(model)
    assert loaded.info == classifier.info
    assert loaded.predict(["great value"]) == classifier.predict(["great value"])
    assert list(model.parent.iterdir()) == [model]  # no temporary files left

    with data.open("a", encoding="utf-8") as handle:
        handle.write("\n" + json.dumps({"label": "negative", "text": "awful smell"}))
    assert loaded.is_stale(data)
    assert load_or_train(model, data).info.n_examples == 3 * MIN + 1


def test_unusable_model_files_are_reported(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no model file"):
        SentimentClassifier.load(tmp_path / "missing.joblib")
    old = tmp_path / "old.joblib"
    joblib.dump({"info": {"format_version": MODEL_FORMAT_VERSION - 1}, "pipeline": None}, old)
    with pytest.raises(ModelError, match="model format"):
        SentimentClassifier.load(old)
    with pytest.raises(ModelError, match="not been trained"):
        SentimentClassifier().predict(["hello"])


def test_training_needs_every_sentiment() -> None:
    with pytest.raises(ValueError, match="every sentiment"):
        SentimentClassifier().train([("good", "positive"), ("bad", "negative")])
    with pytest.raises(ValueError, match="unknown sentiment"):
        SentimentClassifier().train([("good", "happy")])
