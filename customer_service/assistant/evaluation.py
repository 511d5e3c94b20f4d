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
  label or a decision (as scikit-learn's ``f1_score(average="macro")``); the per-intent
  scores come from :mod:`shop.ml.evaluation`, as the sentiment model's do.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from shop.ml.evaluation import LabelScore, macro_f1, render_label_scores

from .dialogue import Assistant, DialogueState
from .schema import INTENTS, Intent, Source

FALLBACK_COLUMN = "fallback"


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

    def render(self, *, show_errors: bool = True) -> str:
        """A plain-text report: the headline figures, per-intent scores, the confusion table."""
        lines = [
            f"messages:            {self.total}",
            f"in-scope accuracy:   {self.in_scope_accuracy:.1%}",
            f"out-of-scope recall: {self.oos_recall:.1%}",
            f"accuracy (all):      {self.accuracy:.1%}",
            f"macro-F1:            {self.macro_f1:.3f}",
            "",
            *render_label_scores(self.per_intent, heading="intent", width=16),
        ]
        columns = [*INTENTS, FALLBACK_COLUMN]
        lines += ["", "confusion (rows: expected; columns: decided, numbered as the rows)"]
        lines.append(" " * 20 + "".join(f"{index:>4}" for index in range(len(columns))))
        for index, expected in enumerate(columns[:-1]):
            row = self.confusion.get(expected, {})
            cells = "".join(f"{row.get(column, 0) or '.':>4}" for column in columns)
            lines.append(f"{index:>2} {expected:<17}{cells}")
        lines.append(f"{len(columns) - 1:>2} = {FALLBACK_COLUMN} (not confident)")
        if show_errors and self.errors:
            lines += ["", "errors (expected -> decided, confidence):"]
            lines += [
                f"  {error.expected} -> {error.predicted} ({error.confidence:.2f}): {error.text}"
                for error in self.errors
            ]
        return "\n".join(lines)


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def evaluate(assistant: Assistant, examples: Iterable[tuple[str, str]]) -> EvaluationReport:
    """Decide every ``(text, intent)`` example as a first message and score the outcome."""
    confusion: dict[str, Counter[str]] = {}
    errors: list[Misclassification] = []
    pairs: list[tuple[str, str]] = []  # (expected, decided intent)
    for text, expected in examples:
        decision = assistant.decide(text, DialogueState(), signed_in=True)
        column = FALLBACK_COLUMN if decision.source is Source.FALLBACK else decision.intent.value
        confusion.setdefault(expected, Counter())[column] += 1
        pairs.append((expected, decision.intent.value))
        if decision.intent != expected:
            errors.append(Misclassification(text, expected, column, decision.confidence))

    out_of_scope = Intent.OUT_OF_SCOPE.value
    in_scope = [(expected, got) for expected, got in pairs if expected != out_of_scope]
    oos = [got for expected, got in pairs if expected == out_of_scope]
    expected_intents = [expected for expected, _ in pairs]
    decided_intents = [got for _, got in pairs]
    # As scikit-learn's macro average: intents absent from both labels and decisions are not
    # scored, so an evaluation set without, say, payment questions is not marked down for it.
    occurring = set(expected_intents) | set(decided_intents)
    per_intent = IntentScore.for_labels(
        expected_intents, decided_intents, [intent for intent in INTENTS if intent in occurring]
    )

    return EvaluationReport(
        total=len(pairs),
        accuracy=_ratio(sum(expected == got for expected, got in pairs), len(pairs)),
        in_scope_accuracy=_ratio(sum(expected == got for expected, got in in_scope), len(in_scope)),
        oos_recall=_ratio(sum(got == out_of_scope for got in oos), len(oos)),
        macro_f1=macro_f1(per_intent),
        per_intent=per_intent,
        confusion={expected: dict(counts) for expected, counts in confusion.items()},
        errors=tuple(errors),
    )
