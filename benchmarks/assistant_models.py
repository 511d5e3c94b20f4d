"""Compare candidate intent models the honest way: chosen on grouped cross-validation only.

Usage: python benchmarks/assistant_models.py [--candidates NAME ...] [--folds K]

Every candidate (``MODEL_CANDIDATES`` in customer_service/assistant/classifier.py) is put
through the same protocol: 5-fold cross-validation of the whole pipeline on the training corpus,
grouped by source, with the temperature, threshold and margin calibrated inside each training
fold on its own out-of-fold scores. The candidate with the best cross-validated mean of in-scope
accuracy and out-of-scope recall is the choice. Only then is every candidate scored, once, on
the held-out, stress and hard out-of-scope sets, so their figures are printed beside the
choice but could not have made it.
"""

from __future__ import annotations

import argparse
import sys
import time

from customer_service.assistant import Assistant, IntentClassifier, evaluate
from customer_service.assistant.classifier import DEFAULT_SPEC, MODEL_CANDIDATES
from customer_service.assistant.corpus import load_corpus
from customer_service.assistant.evaluation import cross_validate
from customer_service.assistant.evaluation_sets import EVALUATION_SETS, load_evaluation_set


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", nargs="*", default=list(MODEL_CANDIDATES))
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    corpus = load_corpus()
    print(f"training corpus: {len(corpus)} examples, {len({p.group for p in corpus})} groups")

    cv: dict[str, tuple[float, float, float]] = {}
    for name in args.candidates:
        spec = MODEL_CANDIDATES[name]
        started = time.perf_counter()
        print(f"{name}: cross-validating ...", flush=True)
        report = cross_validate(corpus, spec=spec, n_splits=args.folds)
        seconds = time.perf_counter() - started
        cv[name] = (report.in_scope_accuracy, report.oos_recall, seconds)
        print(
            f"{name}: CV in-scope {report.in_scope_accuracy:.3f}, OOS recall "
            f"{report.oos_recall:.3f} ({seconds:.0f} s)",
            flush=True,
        )
    chosen = max(cv, key=lambda name: (cv[name][0] + cv[name][1]) / 2)

    print("\nscoring every candidate once on the evaluation sets ...", flush=True)
    header = f"{'candidate':<28} {'CV in':>6} {'CV oos':>6}"
    header += "".join(
        f" {name[:8] + ' in':>11} {name[:8] + ' oos':>12}" for name in EVALUATION_SETS
    )
    lines = [header]
    for name in args.candidates:
        classifier = IntentClassifier.train_from_file(spec=MODEL_CANDIDATES[name])
        assistant = Assistant(classifier)
        cells = f"{name:<28} {cv[name][0]:>6.3f} {cv[name][1]:>6.3f}"
        for set_name in EVALUATION_SETS:
            examples = load_evaluation_set(set_name)
            report = evaluate(assistant, examples)
            has_in_scope = any(intent != "out_of_scope" for _, intent in examples)
            in_scope = f"{report.in_scope_accuracy:.3f}" if has_in_scope else "-"
            cells += f" {in_scope:>11} {report.oos_recall:>12.3f}"
        lines.append(cells)
    print("\n".join(lines))
    print(f"\nchosen by cross-validation: {chosen}; shipped default: {DEFAULT_SPEC.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
