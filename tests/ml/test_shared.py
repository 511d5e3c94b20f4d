"""The framework-free helpers both text models share: model files, figures, data errors."""

from __future__ import annotations

from pathlib import Path

import joblib
import pytest
from sklearn.dummy import DummyClassifier
from sklearn.pipeline import Pipeline

from shop.ml.data import DataValidationError
from shop.ml.evaluation import LabelScore, macro_f1, render_label_scores
from shop.ml.model_files import ModelError, ModelInfo, dataset_hash, load_model, save_model

EXAMPLES = [("good", "positive"), ("bad", "negative")]


def test_model_file_round_trip_checks_version_kind_and_staleness(tmp_path: Path) -> None:
    pipeline = Pipeline([("model", DummyClassifier())]).fit(["a", "b"], ["x", "y"])
    info = ModelInfo.for_training(format_version=3, examples=EXAMPLES, labels=pipeline.classes_)
    path = tmp_path / "models" / "m.joblib"
    save_model(path, pipeline, info)
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind
    loaded_pipeline, loaded_info = load_model(path, format_version=3, kind="a test model")
    assert loaded_info == info and loaded_info.labels == ("x", "y")
    assert loaded_pipeline.predict(["a"]).tolist() == pipeline.predict(["a"]).tolist()
    assert not info.is_stale_for(list(reversed(EXAMPLES)))  # order does not count
    assert info.is_stale_for([*EXAMPLES, ("meh", "neutral")])
    with pytest.raises(ModelError, match="model format 3, this code reads 4"):
        load_model(path, format_version=4, kind="a test model")
    joblib.dump(["not", "a", "model"], tmp_path / "foreign.joblib")
    with pytest.raises(ModelError, match="is not a test model file"):
        load_model(tmp_path / "foreign.joblib", format_version=3, kind="a test model")


def test_dataset_hash_is_content_only() -> None:
    assert dataset_hash(EXAMPLES) == dataset_hash(list(reversed(EXAMPLES)))
    assert dataset_hash(EXAMPLES) != dataset_hash([("good", "negative"), ("bad", "negative")])


def test_label_scores_follow_the_given_labels() -> None:
    scores = LabelScore.for_labels(["a", "a", "b"], ["a", "b", "b"], ["a", "b", "c"])
    assert [score.label for score in scores] == ["a", "b", "c"]
    assert (scores[0].precision, scores[0].recall, scores[0].support) == (1.0, 0.5, 2)
    assert scores[0].f1 == pytest.approx(2 / 3)
    assert scores[2] == LabelScore("c", 0.0, 0.0, 0.0, 0)  # undefined ratios are 0
    assert macro_f1(scores) == pytest.approx((2 / 3 + 2 / 3 + 0) / 3)
    assert LabelScore.for_labels([], [], ["a"]) == () and macro_f1(()) == 0.0
    assert render_label_scores(scores[:1], heading="label", width=6) == [
        "label    prec recall     f1    n",
        "a        1.00   0.50   0.67    2",
    ]


def test_data_validation_error_lists_every_problem_under_its_subject() -> None:
    class ReviewDataError(DataValidationError):
        subject = "review"

    error = ReviewDataError("train.jsonl", ["line 1: bad", "line 2: worse"])
    assert str(error) == "invalid review data in train.jsonl:\n  - line 1: bad\n  - line 2: worse"
    assert error.problems == ["line 1: bad", "line 2: worse"] and isinstance(error, ValueError)
