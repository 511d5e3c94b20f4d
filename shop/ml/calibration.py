"""Calibrating a text classifier's confidence and its reject option, framework-free.

A linear classifier's scores are not probabilities, and "not confident enough, so not
understood" needs a threshold. Both are fitted here on **out-of-fold** scores (see
:func:`shop.ml.protocol.grouped_cross_validation`): scores of examples the model was not
trained on, as real messages will be. Fitting them on the evaluation sets would make those
sets part of training; fitting them on in-sample scores would make the model look surer than it
is (a fitted linear model is nearly certain of its own training data).

* :func:`fit_temperature`: one temperature T so that ``softmax(scores / T)`` minimises the log
  loss (temperature scaling; it keeps the ranking of the labels and only sharpens or softens).
* :func:`choose_reject`: the probability threshold and the margin over the runner-up below which
  a prediction is rejected (mapped to the reject label), chosen to maximise the mean of the
  accuracy on the accepted labels and the recall of the reject label.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.optimize import minimize_scalar

Array = npt.NDArray[np.float64]


def softmax(scores: Array, temperature: float = 1.0) -> Array:
    """Row-wise softmax of ``scores / temperature``, numerically stable."""
    scaled = np.asarray(scores, dtype=np.float64) / temperature
    scaled -= scaled.max(axis=1, keepdims=True)
    exp = np.exp(scaled)
    return np.asarray(exp / exp.sum(axis=1, keepdims=True))


def fit_temperature(scores: Array, truth: Sequence[int]) -> float:
    """The temperature in [0.01, 100] minimising the log loss of ``softmax(scores / T)``.

    ``truth[i]`` is the column of the right label of row i.
    """
    rows = np.arange(len(truth))
    columns = np.asarray(truth)

    def loss(log_t: float) -> float:
        probabilities = softmax(scores, float(np.exp(log_t)))
        return float(-np.log(np.clip(probabilities[rows, columns], 1e-12, None)).mean())

    result = minimize_scalar(loss, bounds=(np.log(0.01), np.log(100.0)), method="bounded")
    return float(np.exp(result.x))


@dataclass(frozen=True, slots=True)
class RejectOption:
    """Reject when the top probability is below ``threshold`` or leads by less than ``margin``.

    ``accepted_accuracy`` and ``reject_recall`` are the figures the choice reached on the
    out-of-fold predictions it was chosen on.
    """

    threshold: float
    margin: float
    accepted_accuracy: float
    reject_recall: float


def apply_reject(
    probabilities: Array, labels: Sequence[str], reject_label: str, threshold: float, margin: float
) -> list[str]:
    """The decided label per row: the top label, or ``reject_label`` if not confident."""
    order = np.argsort(-probabilities, axis=1)
    rows = np.arange(probabilities.shape[0])
    top, second = probabilities[rows, order[:, 0]], probabilities[rows, order[:, 1]]
    rejected = (top < threshold) | (top - second < margin)
    return [
        reject_label if reject else labels[index]
        for reject, index in zip(rejected.tolist(), order[:, 0].tolist(), strict=True)
    ]


def choose_reject(
    probabilities: Array,
    truth: Sequence[str],
    labels: Sequence[str],
    reject_label: str,
    *,
    thresholds: Sequence[float] = tuple(np.round(np.arange(0.0, 0.91, 0.02), 2)),
    margins: Sequence[float] = tuple(np.round(np.arange(0.0, 0.51, 0.02), 2)),
) -> RejectOption:
    """The threshold and margin (from the grids) with the best mean of accepted-label accuracy
    and reject-label recall; ties go to the smallest threshold, then the smallest margin."""
    truth_array = np.asarray(truth)
    order = np.argsort(-probabilities, axis=1)
    rows = np.arange(probabilities.shape[0])
    top, second = probabilities[rows, order[:, 0]], probabilities[rows, order[:, 1]]
    top_label = np.asarray(labels)[order[:, 0]]
    is_reject = truth_array == reject_label
    best: tuple[float, RejectOption] | None = None
    for threshold in thresholds:
        for margin in margins:
            rejected = (top < threshold) | (top - second < margin) | (top_label == reject_label)
            accepted_right = (~rejected) & (top_label == truth_array) & ~is_reject
            accuracy = float(accepted_right[~is_reject].mean()) if (~is_reject).any() else 0.0
            recall = float(rejected[is_reject].mean()) if is_reject.any() else 0.0
            objective = (accuracy + recall) / 2
            if best is None or objective > best[0] + 1e-12:
                best = (objective, RejectOption(float(threshold), float(margin), accuracy, recall))
    if best is None:
        raise ValueError("empty threshold or margin grid")
    return best[1]
