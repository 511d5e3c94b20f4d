"""Where the intent classifier errs, on grouped out-of-fold scores of the training data only.

Usage: python benchmarks/assistant_boundaries.py [--candidates NAME ...] [--seeds 0 1] [--pairs N]

For each candidate and fold seed, the grouped out-of-fold scores of the training corpus
(:func:`assistant_calibration.out_of_fold`) are decided with the out_of_scope bias and margin of
``choose_reject_biased`` (the shipped calibration) chosen on the other folds, and the
commonest (expected -> decided) confusions are printed, so that new training phrasings
go where the boundaries are. Classifier only (rules not applied). Nothing here reads the
held-out, stress or hard out-of-scope sets.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from assistant_calibration import decided, figures, out_of_fold, prepared_corpus

from customer_service.assistant.classifier import OUT_OF_SCOPE
from shop.ml.calibration import choose_reject_biased, fit_temperature, softmax, with_bias


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", nargs="*", default=["svm-c1-strip-unweighted+wordllama-w1"])
    parser.add_argument("--seeds", nargs="*", type=int, default=[0, 1])
    parser.add_argument("--pairs", type=int, default=25)
    parser.add_argument("--data", default=None, help="a training directory (default: the shop's)")
    args = parser.parse_args()
    corpus, texts, labels, groups = prepared_corpus(args.data)
    truth = np.asarray(labels)
    hand = np.asarray([not p.generated for p in corpus])
    everything = np.ones(len(corpus), dtype=bool)
    for name in args.candidates:
        started = time.perf_counter()
        confusions: Counter[tuple[str, str]] = Counter()
        rows = []
        for seed in args.seeds:
            classes, scores, folds = out_of_fold(texts, labels, groups, name, seed)
            columns = [classes.index(label) for label in labels]
            got = np.empty(len(corpus), dtype=object)
            reject_column = classes.index(OUT_OF_SCOPE)
            for train_index, test_index in folds:
                fold_truth = [columns[i] for i in train_index]
                temperature = fit_temperature(scores[train_index], fold_truth)
                bias, option = choose_reject_biased(
                    scores[train_index],
                    temperature,
                    list(truth[train_index]),
                    classes,
                    OUT_OF_SCOPE,
                )
                shifted = with_bias(scores[test_index], reject_column, bias)
                got[test_index] = decided(softmax(shifted, temperature), classes, option)
            rows.append((*figures(truth, got, everything), *figures(truth, got, hand)))
            confusions.update(
                (want, have) for want, have in zip(truth, got, strict=True) if want != have
            )
        mean = np.mean(np.asarray(rows), axis=0)
        seconds = time.perf_counter() - started
        print(
            f"\n{name}: in {mean[0]:.3f} oos {mean[1]:.3f}; hand-written in {mean[2]:.3f} "
            f"oos {mean[3]:.3f} ({seconds:.0f} s, seeds {args.seeds})"
        )
        for (want, have), count in confusions.most_common(args.pairs):
            print(f"  {want:>15} -> {have:<15} {count / len(args.seeds):6.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
