"""Compare out-of-scope calibrations and models on the training data only (no evaluation set).

Usage: python benchmarks/assistant_calibration.py [--candidates NAME ...] [--seeds 0 1 2]

For each candidate model and each seed, the grouped out-of-fold scores of the training corpus
are computed once (5 folds, seeded). Each calibration method is then scored by a second
cross-validation in score space: for every fold, the reject option is chosen on the other folds'
out-of-fold scores and applied to that fold's. Printed per method: the in-scope accuracy and
out-of-scope recall this reaches (classifier only, rules not applied; all lines and hand-written
lines only), and the threshold and margin chosen on all out-of-fold scores for each seed, so that
their stability across seeds is visible. Nothing here reads the held-out, stress or hard
out-of-scope sets.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import numpy as np

from customer_service.assistant.classifier import (
    MODEL_CANDIDATES,
    OUT_OF_SCOPE,
    _scores,
    preprocess,
)
from customer_service.assistant.corpus import load_corpus
from shop.ml.calibration import REJECT_METHODS, RejectOption, fit_temperature, softmax
from shop.ml.protocol import grouped_folds

Method = Callable[..., RejectOption]


def out_of_fold(texts: list[str], labels: list[str], groups: list[str], name: str, seed: int):
    classes = sorted(set(labels))
    scores = np.zeros((len(texts), len(classes)))
    folds = grouped_folds(labels, groups, n_splits=5, seed=seed)
    for train_index, test_index in folds:
        pipeline = MODEL_CANDIDATES[name].build()
        pipeline.fit([texts[i] for i in train_index], [labels[i] for i in train_index])
        columns = np.array([classes.index(str(c)) for c in pipeline.classes_])
        scores[np.ix_(test_index, columns)] = _scores(pipeline, [texts[i] for i in test_index])
    return classes, scores, folds


def prepared_corpus(data: str | None = None):
    """The corpus, its preprocessed texts, labels and groups (and a line saying its size)."""
    corpus = load_corpus(data) if data else load_corpus()
    groups = [p.group for p in corpus]
    hand = sum(not p.generated for p in corpus)
    print(f"corpus: {len(corpus)} lines ({hand} hand-written), {len(set(groups))} groups")
    return corpus, [preprocess(p.text) for p in corpus], [p.intent for p in corpus], groups


def decided(probabilities, classes, option: RejectOption) -> np.ndarray:
    order = np.argsort(-probabilities, axis=1)
    rows = np.arange(len(probabilities))
    top, second = probabilities[rows, order[:, 0]], probabilities[rows, order[:, 1]]
    labels = np.asarray(classes)[order[:, 0]]
    rejected = (top < option.threshold) | (top - second < option.margin)
    return np.where(rejected, OUT_OF_SCOPE, labels)


def figures(truth: np.ndarray, got: np.ndarray, mask: np.ndarray) -> tuple[float, float]:
    in_scope = mask & (truth != OUT_OF_SCOPE)
    oos = mask & (truth == OUT_OF_SCOPE)
    return float((got[in_scope] == truth[in_scope]).mean()), float(
        (got[oos] == OUT_OF_SCOPE).mean()
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", nargs="*", default=["svm-c0.5-strip+wordllama-w1"])
    parser.add_argument("--seeds", nargs="*", type=int, default=[0, 1, 2])
    parser.add_argument("--methods", nargs="*", default=list(REJECT_METHODS))
    args = parser.parse_args()
    corpus, texts, labels, groups = prepared_corpus()
    truth = np.asarray(labels)
    hand = np.asarray([not p.generated for p in corpus])
    everything = np.ones(len(corpus), dtype=bool)
    for name in args.candidates:
        results: dict[str, list[tuple[float, ...]]] = {m: [] for m in args.methods}
        started = time.perf_counter()
        for seed in args.seeds:
            classes, scores, folds = out_of_fold(texts, labels, groups, name, seed)
            truth_columns = [classes.index(label) for label in labels]
            for method in args.methods:
                choose = REJECT_METHODS[method]
                got = np.empty(len(corpus), dtype=object)
                for train_index, test_index in folds:
                    temperature = fit_temperature(
                        scores[train_index], [truth_columns[i] for i in train_index]
                    )
                    option = choose(
                        softmax(scores[train_index], temperature),
                        list(truth[train_index]),
                        classes,
                        OUT_OF_SCOPE,
                    )
                    got[test_index] = decided(
                        softmax(scores[test_index], temperature), classes, option
                    )
                temperature = fit_temperature(scores, truth_columns)
                whole = choose(softmax(scores, temperature), labels, classes, OUT_OF_SCOPE)
                results[method].append(
                    (
                        *figures(truth, got, everything),
                        *figures(truth, got, hand),
                        whole.threshold,
                        whole.margin,
                    )
                )
        seconds = time.perf_counter() - started
        print(f"\n{name} ({seconds:.0f} s for {len(args.seeds)} seeds)")
        print(f"  {'method':<14} {'in':>6} {'oos':>6} {'hand in':>8} {'hand oos':>9}  (t, m)")
        for method, rows in results.items():
            mean = np.mean(np.asarray(rows)[:, :4], axis=0)
            spread = np.std(np.asarray(rows)[:, :4], axis=0)
            chosen = ", ".join(f"({row[4]:.2f}, {row[5]:.2f})" for row in rows)
            print(
                f"  {method:<14} {mean[0]:>6.3f} {mean[1]:>6.3f} {mean[2]:>8.3f} {mean[3]:>9.3f}"
                f"  +-{spread[0]:.3f}/{spread[1]:.3f}  {chosen}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
