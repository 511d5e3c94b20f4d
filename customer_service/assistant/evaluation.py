"""Evaluation of the whole pipeline (rules, classifier, threshold, margin) on labelled messages.

Every message is decided in a fresh conversation for a signed-in customer, exactly as a first
message in production, and scored on the *decided* intent, not the classifier's raw guess:

* a decision with source ``fallback`` (not confident enough) has intent ``out_of_scope``;
* **in-scope accuracy**: of the messages labelled with an in-scope intent, the fraction whose
  decided intent equals the label (a fallback counts as wrong);
* **out-of-scope recall**: of the messages labelled ``out_of_scope``, the fraction that end as
  ``out_of_scope`` or as a fallback, i.e. are not answered as if they were a shop request;
* **accuracy**: the fraction of all messages whose decided intent equals the label;
* **macro-F1**: the unweighted mean of the per-intent F1 over the intents that occur as a
  label or a decision; per-intent scores and the confusion come from :mod:`shop.ml.protocol`,
  as the sentiment model's do.

:func:`cross_validate` gives the same report for grouped k-fold cross-validation of the
training corpus: each fold's model (calibration included) is trained without the fold, whose
messages are then decided by the whole pipeline.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from shop.ml.evaluation import LabelScore
from shop.ml.protocol import LabelReport, grouped_folds, render_confusion

from .classifier import DEFAULT_SPEC, IntentClassifier, ModelSpec
from .corpus import Phrasing
from .dialogue import Assistant, DialogueState
from .schema import INTENTS, Intent, Source

FALLBACK_COLUMN = "fallback"
OUT_OF_SCOPE = Intent.OUT_OF_SCOPE.value


@dataclass(frozen=True, slots=True)
class Misclassification:
    text: str
    expected: str
    predicted: str  # an intent, or "fallback"
    confidence: float


class IntentScore(LabelScore):
    """A :class:`~shop.ml.evaluation.LabelScore` whose label is an intent."""

    __slots__ = ()

    @property
    def intent(self) -> str:
        return self.label


@dataclass(frozen=True, slots=True)
class EvaluationReport:
    """Figures and a confusion table; :meth:`render` gives the text a command prints."""

    total: int
    accuracy: float
    in_scope_accuracy: float
    oos_recall: float
    macro_f1: float
    per_intent: tuple[IntentScore, ...]
    # confusion[expected][predicted] -> count; predicted includes the "fallback" column.
    confusion: dict[str, dict[str, int]]
    errors: tuple[Misclassification, ...]

    def taken_for(self, expected: str, decided: str) -> int:
        """How many ``expected`` messages were decided as ``decided`` (fallbacks count as
        out_of_scope)."""
        row = self.confusion.get(expected, {})
        count = row.get(decided, 0)
        return count + row.get(FALLBACK_COLUMN, 0) if decided == OUT_OF_SCOPE else count

    def render(self, *, show_errors: bool = True) -> str:
        """A plain-text report: the headline figures, per-intent scores, the confusion table."""
        lines = [
            f"messages:            {self.total}",
            f"in-scope accuracy:   {self.in_scope_accuracy:.1%}",
            f"out-of-scope recall: {self.oos_recall:.1%}",
            f"accuracy (all):      {self.accuracy:.1%}",
            f"macro-F1:            {self.macro_f1:.3f}",
            "",
            f"{'intent':<16} {'prec':>6} {'recall':>6} {'f1':>6} {'n':>4}",
            *(
                f"{s.label:<16} {s.precision:>6.2f} {s.recall:>6.2f} {s.f1:>6.2f} {s.support:>4}"
                for s in self.per_intent
            ),
        ]
        columns = [*INTENTS, FALLBACK_COLUMN]
        lines += ["", "confusion (rows: expected; columns: decided, numbered as the rows)"]
        lines += render_confusion(self.confusion, INTENTS, columns)
        lines.append(f"{len(columns) - 1:>2} = {FALLBACK_COLUMN} (not confident)")
        if show_errors and self.errors:
            lines += ["", "errors (expected -> decided, confidence):"]
            lines += [
                f"  {error.expected} -> {error.predicted} ({error.confidence:.2f}): {error.text}"
                for error in self.errors
            ]
        return "\n".join(lines)

    def render_neighbours(self, pairs: Sequence[tuple[str, str]]) -> list[str]:
        """One line per pair of neighbouring intents: how often each was taken for the other."""
        lines = [f"{'neighbours (a / b)':<36} {'a->b':>5} {'b->a':>5}"]
        for first, second in pairs:
            there, back = self.taken_for(first, second), self.taken_for(second, first)
            lines.append(f"{first + ' / ' + second:<36} {there:>5} {back:>5}")
        return lines


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def report_for(decisions: Sequence[tuple[str, str, str, float]]) -> EvaluationReport:
    """The report for ``(text, expected, decided column, confidence)`` rows, where the decided
    column is an intent or ``fallback``."""
    expected = [row[1] for row in decisions]
    columns = [row[2] for row in decisions]
    decided = [OUT_OF_SCOPE if column == FALLBACK_COLUMN else column for column in columns]
    scored = LabelReport.score(expected, decided, INTENTS)
    confusion = LabelReport.score(expected, columns, [*INTENTS, FALLBACK_COLUMN]).confusion
    in_scope = [
        (want, got) for want, got in zip(expected, decided, strict=True) if want != OUT_OF_SCOPE
    ]
    oos = [got for want, got in zip(expected, decided, strict=True) if want == OUT_OF_SCOPE]
    errors = tuple(
        Misclassification(text, want, column, confidence)
        for (text, want, column, confidence), got in zip(decisions, decided, strict=True)
        if got != want
    )
    return EvaluationReport(
        total=scored.total,
        accuracy=scored.accuracy,
        in_scope_accuracy=_ratio(sum(want == got for want, got in in_scope), len(in_scope)),
        oos_recall=_ratio(sum(got == OUT_OF_SCOPE for got in oos), len(oos)),
        macro_f1=scored.macro_f1,
        per_intent=tuple(IntentScore(*_fields(score)) for score in scored.per_label),
        confusion=confusion,
        errors=errors,
    )


def _fields(score: LabelScore) -> tuple[str, float, float, float, int]:
    return (score.label, score.precision, score.recall, score.f1, score.support)


def _decide(assistant: Assistant, text: str, expected: str) -> tuple[str, str, str, float]:
    decision = assistant.decide(text, DialogueState(), signed_in=True)
    column = FALLBACK_COLUMN if decision.source is Source.FALLBACK else decision.intent.value
    return (text, expected, column, decision.confidence)


def evaluate(assistant: Assistant, examples: Iterable[tuple[str, str]]) -> EvaluationReport:
    """Decide every ``(text, intent)`` example as a first message and score the outcome."""
    return report_for([_decide(assistant, text, expected) for text, expected in examples])


def cross_validate(
    corpus: Sequence[Phrasing],
    *,
    spec: ModelSpec = DEFAULT_SPEC,
    n_splits: int = 5,
    progress: Callable[[str], None] | None = None,
) -> EvaluationReport:
    """Grouped k-fold cross-validation of the whole pipeline on the training corpus.

    Folds are stratified by intent and grouped by :attr:`Phrasing.group`, so a phrasing and its
    rewrites, or a template and its fillings, are always on the same side.
    """
    labels = [phrasing.intent for phrasing in corpus]
    groups = [phrasing.group for phrasing in corpus]
    rows: list[tuple[str, str, str, float]] = []
    for fold, (train_index, test_index) in enumerate(
        grouped_folds(labels, groups, n_splits=n_splits), start=1
    ):
        if progress is not None:
            progress(f"  fold {fold}/{n_splits}: training on {len(train_index)} examples ...")
        classifier = IntentClassifier()
        classifier.train(
            [corpus[i].text for i in train_index],
            [labels[i] for i in train_index],
            groups=[groups[i] for i in train_index],
            spec=spec,
        )
        assistant = Assistant(classifier)
        rows += [_decide(assistant, corpus[i].text, labels[i]) for i in test_index]
    return report_for(rows)
