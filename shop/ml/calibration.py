"""Calibrating a text classifier's confidence and its reject option, framework-free.

A linear classifier's scores are not probabilities, and "not confident enough, so not
understood" needs a threshold. Both are fitted here on **out-of-fold** scores (see
:func:`shop.ml.protocol.grouped_cross_validation`): scores of examples the model was not
trained on, as real messages will be. Fitting them on the evaluation sets would make those
sets part of training; fitting them on in-sample scores would make the model look surer than it
is (a fitted linear model is nearly certain of its own training data).

* :func:`fit_temperature`: one temperature T so that ``softmax(scores / T)`` minimises the log
  loss (temperature scaling; it keeps the ranking of the labels and only sharpens or softens).
* :func:`choose_reject_balanced`: the margin over the runner-up (and optionally a probability
  threshold) below which a prediction is rejected (mapped to the reject label), chosen where the
  accuracy on the accepted labels and the recall of the reject label meet (the best lower of
  the two). :func:`choose_reject`, the best *mean* of the two over a threshold-and-margin grid,
  is flat along the trade-off, so one training line more or less moved its choice from
  (0, 0.34) to (0.46, 0.24); ``REJECT_METHODS`` lists the objectives and grids
  ``benchmarks/assistant_calibration.py`` compares.
* :func:`choose_reject_biased`: an offset added to the reject label's raw score before the
  softmax, with a margin, chosen together where the two figures meet. A one-vs-rest linear
  model's reject column is a detector of its own; moving its bias trades the two figures along
  a better curve than a margin alone (the margin rejects every close call between two
  in-scope labels as well).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

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


_THRESHOLDS = tuple(np.round(np.arange(0.0, 0.91, 0.02), 2))
_MARGINS = tuple(np.round(np.arange(0.0, 0.51, 0.02), 2))


def _reject_grid(
    probabilities: Array,
    truth: Sequence[str],
    labels: Sequence[str],
    reject_label: str,
    thresholds: Sequence[float],
    margins: Sequence[float],
) -> tuple[Array, Array]:
    """Accepted-label accuracy and reject-label recall for every (threshold, margin) pair:
    two arrays of shape ``(len(thresholds), len(margins))``."""
    truth_array = np.asarray(truth)
    order = np.argsort(-probabilities, axis=1)
    rows = np.arange(probabilities.shape[0])
    top, second = probabilities[rows, order[:, 0]], probabilities[rows, order[:, 1]]
    top_label = np.asarray(labels)[order[:, 0]]
    is_reject = truth_array == reject_label
    right = (top_label == truth_array) & ~is_reject
    below = top[:, None] < np.asarray(thresholds)[None, :]  # (n, thresholds)
    close = (top - second)[:, None] < np.asarray(margins)[None, :]  # (n, margins)
    rejected = below[:, :, None] | close[:, None, :] | (top_label == reject_label)[:, None, None]
    n_in, n_out = max(int((~is_reject).sum()), 1), max(int(is_reject.sum()), 1)
    accuracy = (~rejected[right]).sum(axis=0) / n_in
    recall = rejected[is_reject].sum(axis=0) / n_out
    return accuracy.astype(np.float64), recall.astype(np.float64)


Objective = Callable[[Array, Array], Array]


def mean_of_both(accuracy: Array, recall: Array) -> Array:
    """The mean of accepted-label accuracy and reject-label recall."""
    return (accuracy + recall) / 2


def lower_of_both(accuracy: Array, recall: Array) -> Array:
    """The lower of the two (the better mean breaks ties): its peak is where the two monotone
    curves cross. The mean is flat along the trade-off (a point of accuracy bought with a point
    of recall), so its best grid point jumps between near-identical data; this one does not."""
    return np.minimum(accuracy, recall) + 1e-6 * (accuracy + recall)


def smoothed_mean(sigma: float) -> Objective:
    """The mean blurred by a Gaussian of ``sigma`` grid steps along both axes (edges padded):
    the centre of a broad good region rather than a lone peak."""
    radius = max(1, int(3 * sigma))
    offsets = np.arange(-radius, radius + 1)
    kernel = np.exp(-(offsets**2) / (2 * sigma**2))
    kernel /= kernel.sum()

    def objective(accuracy: Array, recall: Array) -> Array:
        result = mean_of_both(accuracy, recall)
        for axis in (0, 1):
            pad = [(radius, radius) if a == axis else (0, 0) for a in (0, 1)]
            padded = np.pad(result, pad, "edge")
            result = np.apply_along_axis(
                lambda row: np.convolve(row, kernel, "valid"), axis, padded
            )
        return np.asarray(result)

    return objective


def recall_at_least(target: float) -> Objective:
    """The accuracy among the choices whose recall reaches ``target`` (else the best recall)."""

    def objective(accuracy: Array, recall: Array) -> Array:
        feasible = recall >= target - 1e-12
        return np.where(feasible, accuracy, -1.0) if feasible.any() else recall

    return objective


def choose_reject(
    probabilities: Array,
    truth: Sequence[str],
    labels: Sequence[str],
    reject_label: str,
    *,
    objective: Objective = mean_of_both,
    thresholds: Sequence[float] = _THRESHOLDS,
    margins: Sequence[float] = _MARGINS,
) -> RejectOption:
    """The threshold and margin (from the grids) with the best ``objective`` of accepted-label
    accuracy and reject-label recall; ties go to the smallest threshold, then the smallest
    margin."""
    if not len(thresholds) or not len(margins):
        raise ValueError("empty threshold or margin grid")
    accuracy, recall = _reject_grid(probabilities, truth, labels, reject_label, thresholds, margins)
    score = objective(accuracy, recall)
    i, j = (
        int(k) for k in np.unravel_index(int(np.argmax(score >= score.max() - 1e-12)), score.shape)
    )
    return RejectOption(
        float(thresholds[i]), float(margins[j]), float(accuracy[i, j]), float(recall[i, j])
    )


_FINE = tuple(np.round(np.arange(0.0, 0.901, 0.01), 2))

# What the assistant uses: a margin only (threshold 0) where accuracy and recall meet.
choose_reject_balanced = partial(
    choose_reject, objective=lower_of_both, thresholds=(0.0,), margins=_FINE
)

# The reject choices benchmarks/assistant_calibration.py compares on out-of-fold scores.
REJECT_METHODS: dict[str, Callable[..., RejectOption]] = {
    "grid-mean": choose_reject,
    "margin-mean": partial(choose_reject, thresholds=(0.0,), margins=_FINE),
    "grid-mean-smooth": partial(choose_reject, objective=smoothed_mean(2.0)),
    "margin-mean-smooth": partial(
        choose_reject, objective=smoothed_mean(3.0), thresholds=(0.0,), margins=_FINE
    ),
    "recall-0.90": partial(
        choose_reject, objective=recall_at_least(0.90), thresholds=_FINE, margins=(0.0,)
    ),
    "recall-0.92": partial(
        choose_reject, objective=recall_at_least(0.92), thresholds=_FINE, margins=(0.0,)
    ),
    "margin-balanced": choose_reject_balanced,
    "threshold-balanced": partial(
        choose_reject, objective=lower_of_both, thresholds=_FINE, margins=(0.0,)
    ),
    "grid-balanced": partial(choose_reject, objective=lower_of_both),
}


_BIASES = tuple(np.round(np.arange(-1.0, 1.001, 0.02), 2))
_COARSE_MARGINS = tuple(np.round(np.arange(0.0, 0.41, 0.02), 2))


def with_bias(scores: Array, column: int, bias: float) -> Array:
    """``scores`` with ``bias`` added to one column (a copy)."""
    shifted = np.array(scores, dtype=np.float64, copy=True)
    shifted[:, column] += bias
    return shifted


def choose_reject_biased(
    scores: Array,
    temperature: float,
    truth: Sequence[str],
    labels: Sequence[str],
    reject_label: str,
    *,
    biases: Sequence[float] = _BIASES,
    margins: Sequence[float] = _COARSE_MARGINS,
) -> tuple[float, RejectOption]:
    """The bias on the reject label's raw score and the margin (threshold 0) where accepted-label
    accuracy and reject-label recall meet (:func:`lower_of_both`); ties go to the first bias of
    the grid, then the smallest margin."""
    if not len(biases) or not len(margins):
        raise ValueError("empty bias or margin grid")
    column = list(labels).index(reject_label)
    best: tuple[float, float, RejectOption] | None = None
    for bias in biases:
        probabilities = softmax(with_bias(scores, column, bias), temperature)
        accuracy, recall = _reject_grid(probabilities, truth, labels, reject_label, (0.0,), margins)
        score = lower_of_both(accuracy, recall)[0]
        j = int(np.argmax(score))
        if best is None or score[j] > best[0] + 1e-12:
            option = RejectOption(
                0.0, float(margins[j]), float(accuracy[0, j]), float(recall[0, j])
            )
            best = (float(score[j]), float(bias), option)
    assert best is not None
    return best[1], best[2]
