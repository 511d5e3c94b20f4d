"""The shared evaluation protocol: duplicates, grouped folds, per-label reports, calibration."""

from __future__ import annotations

import numpy as np
import pytest

from shop.ml.calibration import apply_reject, choose_reject, fit_temperature, softmax
from shop.ml.protocol import (
    LabelReport,
    find_duplicates,
    grouped_cross_validation,
    grouped_folds,
    render_confusion,
)
from shop.ml.text import duplicate_key


def test_duplicate_key_is_full_normalisation() -> None:
    assert duplicate_key("Hello?") == duplicate_key("hello!!") == "hello"
    assert duplicate_key("I can't   pay 20 EUR") == duplicate_key("i cannot pay 35 eur.")
    assert duplicate_key("snake_case") == "snake case"


def test_find_duplicates_within_and_across_sets_in_priority_order() -> None:
    found = find_duplicates(
        {"train": ["Hello?", "bye", "hello!"], "test": ["BYE", "new"], "stress": ["new."]}
    )
    assert [d.describe() for d in found] == [
        "train: 'hello!' equals 'Hello?' (twice)",
        "test: 'BYE' equals 'bye' (also in train)",
        "stress: 'new.' equals 'new' (also in test)",
    ]


def test_grouped_folds_never_split_a_group_and_are_seeded() -> None:
    labels = [f"l{i % 3}" for i in range(60)]
    groups = [f"g{i // 2}" for i in range(60)]  # pairs of rewrites
    folds = grouped_folds(labels, groups, n_splits=5, seed=1)
    assert len(folds) == 5
    seen_in_test: list[int] = []
    for train, test in folds:
        assert not {groups[i] for i in train} & {groups[i] for i in test}
        seen_in_test += test.tolist()
    assert sorted(seen_in_test) == list(range(60))
    again = grouped_folds(labels, groups, n_splits=5, seed=1)
    assert all((a[1] == b[1]).all() for a, b in zip(folds, again, strict=True))


def test_grouped_cross_validation_predicts_each_text_without_seeing_it() -> None:
    texts = [f"text {i}" for i in range(20)]
    labels = ["a" if i % 2 else "b" for i in range(20)]
    groups = [str(i) for i in range(20)]

    def train(seen, seen_labels):  # a "model" that memorises
        memory = dict(zip(seen, seen_labels, strict=True))
        return lambda batch: [memory.get(text, "unseen") for text in batch]

    folds = grouped_cross_validation(texts, labels, groups, train, n_splits=4)
    assert folds.outputs == ("unseen",) * 20  # nothing leaks from test into train
    assert sorted(set(folds.fold_of)) == [0, 1, 2, 3]


def test_label_report_scores_confusion_and_neighbours() -> None:
    report = LabelReport.score(["a", "a", "b", "c"], ["a", "b", "a", "c"], ["a", "b", "c", "d"])
    assert report.total == 4 and report.accuracy == 0.5
    assert [score.label for score in report.per_label] == ["a", "b", "c"]  # "d" never occurs
    assert report.confusion == {"a": {"a": 1, "b": 1}, "b": {"a": 1}, "c": {"c": 1}}
    assert report.confusions_between("a", "b") == (1, 1)
    assert report.confusions_between("a", "c") == (0, 0)
    lines = render_confusion(report.confusion, ["a", "b"], ["a", "b"])
    assert lines[1].split() == ["0", "a", "1", "1"] and lines[2].split() == ["1", "b", "1", "."]
    with pytest.raises(ValueError, match="2 expected but 1 predicted"):
        LabelReport.score(["a", "b"], ["a"], ["a", "b"])


def test_temperature_softens_overconfident_scores() -> None:
    rng = np.random.default_rng(0)
    truth = rng.integers(0, 3, 300)
    scores = rng.normal(0, 1, (300, 3))
    scores[np.arange(300), truth] += 1.0
    scores *= 10  # far too confident for how often the top score is right
    temperature = fit_temperature(scores, truth.tolist())
    assert temperature > 3
    probabilities = softmax(scores, temperature)
    assert np.allclose(probabilities.sum(axis=1), 1.0)
    assert (probabilities.argmax(axis=1) == scores.argmax(axis=1)).all()  # ranking kept


def test_reject_option_is_chosen_to_balance_accuracy_and_reject_recall() -> None:
    labels = ["in", "oos"]
    # Confident right answers, and out-of-scope texts that look in-scope but unsure.
    probabilities = np.array([[0.95, 0.05]] * 8 + [[0.6, 0.4]] * 4 + [[0.1, 0.9]] * 2)
    truth = ["in"] * 8 + ["oos"] * 6
    option = choose_reject(probabilities, truth, labels, "oos")
    assert option.accepted_accuracy == 1.0 and option.reject_recall == 1.0
    decided = apply_reject(probabilities, labels, "oos", option.threshold, option.margin)
    assert decided == truth
