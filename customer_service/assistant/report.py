"""The full evaluation report that ``manage.py evaluate_assistant`` prints, framework-free.

In order: the intents' definitions and boundaries; the training corpus by intent and by source
with each file's provenance; the duplicate check after full normalisation within and across the
training, held-out, stress and hard out-of-scope sets; grouped k-fold cross-validation of the
whole pipeline on the training corpus; the held-out, stress and hard out-of-scope figures of the
shipped model, each per intent with the confusion between neighbouring intents; the labelled
product-constraint set; and a summary against the targets. Targets are printed, never asserted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from shop.ml.protocol import find_duplicates, fold_word_coverage, word_coverage

from .classifier import DEFAULT_SPEC, IntentClassifier, ModelSpec
from .constraint_eval import evaluate_constraints
from .corpus import Phrasing, duplicate_key, provenance
from .definitions import load_definitions, neighbour_pairs
from .dialogue import Assistant
from .evaluation import EvaluationReport, cross_validate, evaluate
from .evaluation_sets import EVALUATION_SETS, load_evaluation_set
from .schema import INTENTS

IN_SCOPE_TARGET = 0.95
OOS_RECALL_TARGET = 0.90
CV_GAP_TARGET = 0.03
CONSTRAINT_TARGET = 0.95


@dataclass(frozen=True, slots=True)
class Options:
    folds: int = 5
    cross_validation: bool = True
    definitions: bool = True
    errors: bool = False
    spec: ModelSpec = DEFAULT_SPEC


def _source_group(phrasing: Phrasing) -> str:
    return phrasing.source.split(":")[0].replace(" (rewrite)", " (rewrites)").split(" (topics)")[0]


def full_report(
    corpus: Sequence[Phrasing],
    classifier: IntentClassifier,
    *,
    options: Options = Options(),
    write: Callable[[str], None] = print,
) -> dict[str, EvaluationReport]:
    """Write the whole report line by line; return the scored sets by name."""
    definitions = load_definitions()
    pairs = neighbour_pairs(definitions)
    if options.definitions:
        write("== Intents and their boundaries (customer_service/data/intents.yaml)")
        for definition in definitions.values():
            write(f"{definition.name}: {definition.definition}")
            for neighbour, boundary in definition.boundaries.items():
                write(f"    vs {neighbour}: {' '.join(boundary.split())}")
        write("")

    write("== Training corpus (customer_service/data/training/)")
    by_intent = Counter(p.intent for p in corpus)
    write("  " + ", ".join(f"{intent} {by_intent[intent]}" for intent in INTENTS))
    write(f"  {len(corpus)} examples in {len({p.group for p in corpus})} cross-validation groups")
    for source, count in sorted(Counter(map(_source_group, corpus)).items()):
        write(f"  {count:>5}  {source}")
    for name, origin in provenance().items():
        write(f"  {name}: {origin}")
    write("")

    sets = {name: load_evaluation_set(name) for name in EVALUATION_SETS}
    duplicates = find_duplicates(
        {"training": [p.text for p in corpus]} | {n: [t for t, _ in s] for n, s in sets.items()},
        key=duplicate_key,
    )
    write("== Duplicates after full normalisation (case, punctuation, whitespace, digits)")
    write(f"  {len(duplicates)} found" + ("" if duplicates else " (none)"))
    for duplicate in duplicates[:20]:
        write("  " + duplicate.describe())
    write("")

    # An evaluation set much more familiar than a fold is easier than the data it stands for.
    texts = [p.text for p in corpus]
    write("== Words seen in training (shop.ml.protocol, as the sentiment model prints it)")
    fold = fold_word_coverage(
        texts, [p.intent for p in corpus], [p.group for p in corpus], n_splits=options.folds
    )
    write(f"  a cross-validation fold {fold:.1%} (mean of the folds)")
    for name, examples in sets.items():
        write(f"  {name} {word_coverage(texts, [t for t, _ in examples]):.1%}")
    write("")

    reports: dict[str, EvaluationReport] = {}
    if options.cross_validation:
        write(f"== Grouped {options.folds}-fold cross-validation on the training corpus")
        reports["cross-validation"] = cross_validate(
            corpus, spec=options.spec, n_splits=options.folds, progress=write
        )
        _write_report(reports["cross-validation"], pairs, options, write)

    assistant = Assistant(classifier)
    calibration = classifier.calibration
    write(
        f"== Shipped model ({options.spec.name}): threshold {calibration.get('threshold')}, "
        f"margin {calibration.get('margin')}, temperature {calibration.get('temperature')} "
        "(chosen on out-of-fold scores of the training corpus)"
    )
    for name, examples in sets.items():
        write(f"== {name} ({EVALUATION_SETS[name].name})")
        reports[name] = evaluate(assistant, examples)
        _write_report(reports[name], pairs, options, write)

    write("== Product constraints (evaluation/constraints.yaml, vocabulary.yaml)")
    constraint_reports = evaluate_constraints()
    for part in constraint_reports:
        for line in part.render(show_errors=options.errors):
            write("  " + line)
    total = sum(part.total for part in constraint_reports)
    exact = sum(part.exact for part in constraint_reports)
    write(f"  all: {exact}/{total} exactly right ({exact / total:.1%})")
    write("")
    _write_summary(reports, exact / total, write)
    return reports


def _write_report(
    report: EvaluationReport,
    pairs: Sequence[tuple[str, str]],
    options: Options,
    write: Callable[[str], None],
) -> None:
    for line in report.render(show_errors=options.errors).splitlines():
        write("  " + line)
    write("")
    for line in report.render_neighbours(pairs):
        write("  " + line)
    write("")


def _mark(ok: bool) -> str:
    return "meets" if ok else "MISSES"


def _write_summary(
    reports: dict[str, EvaluationReport], constraint_exact: float, write: Callable[[str], None]
) -> None:
    write("== Summary against the targets (printed, not asserted)")
    write(f"  {'set':<18} {'in-scope':>9} {'OOS recall':>11}")
    for name, report in reports.items():
        in_scope = "-" if name == "hard-oos" else f"{report.in_scope_accuracy:.3f}"
        write(f"  {name:<18} {in_scope:>9} {report.oos_recall:>11.3f}")
    for name in ("held-out", "stress"):
        if name in reports:
            report = reports[name]
            write(
                f"  {name}: in-scope {report.in_scope_accuracy:.3f} "
                f"({_mark(report.in_scope_accuracy >= IN_SCOPE_TARGET)} >= {IN_SCOPE_TARGET}), "
                f"OOS recall {report.oos_recall:.3f} "
                f"({_mark(report.oos_recall >= OOS_RECALL_TARGET)} >= {OOS_RECALL_TARGET})"
            )
    if "hard-oos" in reports:
        recall = reports["hard-oos"].oos_recall
        write(
            f"  hard-oos: OOS recall {recall:.3f} "
            f"({_mark(recall >= OOS_RECALL_TARGET)} >= {OOS_RECALL_TARGET})"
        )
    if "cross-validation" in reports and "held-out" in reports:
        gap = reports["cross-validation"].in_scope_accuracy - reports["held-out"].in_scope_accuracy
        write(
            f"  cross-validation minus held-out, in-scope: {gap:+.3f} "
            f"({_mark(abs(gap) <= CV_GAP_TARGET)} within {CV_GAP_TARGET})"
        )
    write(
        f"  constraints exactly right: {constraint_exact:.3f} "
        f"({_mark(constraint_exact >= CONSTRAINT_TARGET)} >= {CONSTRAINT_TARGET})"
    )
