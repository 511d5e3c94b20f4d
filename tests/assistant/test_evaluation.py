"""The whole pipeline on the held-out evaluation set must meet the shipped targets."""

from __future__ import annotations

from customer_service.assistant import Assistant, evaluate, load_dataset
from customer_service.assistant.data import as_examples
from customer_service.assistant.evaluation import FALLBACK_COLUMN

from .conftest import EVAL_PATH
from .test_dialogue import SCRIPT, ScriptedClassifier

IN_SCOPE_ACCURACY_TARGET = 0.92
OOS_RECALL_TARGET = 0.80


def test_targets_on_the_evaluation_set(assistant: Assistant) -> None:
    report = evaluate(assistant, as_examples(load_dataset(EVAL_PATH, min_examples=15)))
    assert report.in_scope_accuracy >= IN_SCOPE_ACCURACY_TARGET, report.render()
    assert report.oos_recall >= OOS_RECALL_TARGET, report.render()
    assert report.macro_f1 >= 0.85, report.render()


def test_report_figures_and_rendering() -> None:
    assistant = Assistant(ScriptedClassifier(SCRIPT), threshold=0.3, margin=0.1)
    examples = [
        ("how do returns work", "return_refund"),  # right
        ("where is my order", "cancel_order"),  # wrong intent
        ("grmbl", "shipping_info"),  # fallback: wrong for an in-scope label
        ("what is the weather today", "out_of_scope"),  # out of scope, recognised
        ("gloop", "out_of_scope"),  # out of scope, fallback: also right
        ("hi", "out_of_scope"),  # out of scope answered as small talk: wrong
    ]
    report = evaluate(assistant, examples)
    assert report.total == 6
    assert report.in_scope_accuracy == 1 / 3
    assert report.oos_recall == 2 / 3
    assert report.accuracy == 3 / 6
    assert report.confusion["shipping_info"] == {FALLBACK_COLUMN: 1}
    assert report.confusion["out_of_scope"] == {
        "out_of_scope": 1,
        FALLBACK_COLUMN: 1,
        "greeting": 1,
    }
    scores = {score.intent: score for score in report.per_intent}
    assert scores["return_refund"].f1 == 1.0
    assert scores["order_status"].precision == 0.0  # predicted once, wrongly
    assert "shipping_info" in scores and "payment_issue" not in scores  # absent everywhere
    assert 0.0 < report.macro_f1 < 1.0
    text = report.render()
    assert "in-scope accuracy:   33.3%" in text
    assert "cancel_order -> order_status" in text
    assert "fallback" in text
