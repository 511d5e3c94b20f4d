"""The reject choices of shop.ml.calibration: where they land and how far data moves them."""

from __future__ import annotations

import numpy as np

from shop.ml.calibration import (
    REJECT_METHODS,
    apply_reject,
    choose_reject,
    choose_reject_balanced,
    recall_at_least,
)

LABELS = ["a", "b", "oos"]


def _overlapping(seed: int, n: int = 600) -> tuple[np.ndarray, list[str]]:
    """Three labels whose out-of-scope texts look like unsure in-scope ones: a real trade-off."""
    rng = np.random.default_rng(seed)
    truth = rng.choice(3, size=n, p=[0.4, 0.4, 0.2])
    scores = rng.normal(0, 1, (n, 3))
    scores[np.arange(n), truth] += np.where(truth == 2, 0.3, 2.0)
    exp = np.exp(scores)
    return exp / exp.sum(axis=1, keepdims=True), [LABELS[i] for i in truth]


def _figures(probabilities: np.ndarray, truth: list[str], threshold: float, margin: float):
    decided = apply_reject(probabilities, LABELS, "oos", threshold, margin)
    pairs = list(zip(truth, decided, strict=True))
    in_scope = [want == got for want, got in pairs if want != "oos"]
    oos = [got == "oos" for want, got in pairs if want == "oos"]
    return sum(in_scope) / len(in_scope), sum(oos) / len(oos)


def test_every_method_reports_the_figures_its_choice_reaches() -> None:
    probabilities, truth = _overlapping(0)
    for name, choose in REJECT_METHODS.items():
        option = choose(probabilities, truth, LABELS, "oos")
        accuracy, recall = _figures(probabilities, truth, option.threshold, option.margin)
        assert (round(accuracy, 9), round(recall, 9)) == (
            round(option.accepted_accuracy, 9),
            round(option.reject_recall, 9),
        ), name


def test_balanced_choice_sits_where_accuracy_and_recall_meet() -> None:
    probabilities, truth = _overlapping(1)
    option = choose_reject_balanced(probabilities, truth, LABELS, "oos")
    assert abs(option.accepted_accuracy - option.reject_recall) < 0.05
    assert option.threshold == 0.0 and option.margin > 0.0
    # On the same grid, the mean's choice may buy recall with accuracy or the other way round;
    # the balanced one is never worse on the weaker of the two.
    mean = choose_reject(probabilities, truth, LABELS, "oos")
    balanced = REJECT_METHODS["grid-balanced"](probabilities, truth, LABELS, "oos")
    weaker = min(balanced.accepted_accuracy, balanced.reject_recall)
    assert weaker >= min(mean.accepted_accuracy, mean.reject_recall) - 1e-9


def test_balanced_choice_moves_little_when_a_few_examples_go() -> None:
    probabilities, truth = _overlapping(2)
    full = choose_reject_balanced(probabilities, truth, LABELS, "oos")
    fewer = choose_reject_balanced(probabilities[5:], truth[5:], LABELS, "oos")
    assert abs(full.margin - fewer.margin) <= 0.03


def test_recall_target_is_reached_with_the_best_accuracy_left() -> None:
    probabilities, truth = _overlapping(3)
    option = choose_reject(probabilities, truth, LABELS, "oos", objective=recall_at_least(0.9))
    assert option.reject_recall >= 0.9
    looser = choose_reject(probabilities, truth, LABELS, "oos", objective=recall_at_least(0.7))
    assert looser.accepted_accuracy >= option.accepted_accuracy
