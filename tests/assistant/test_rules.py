from __future__ import annotations

import pytest

from customer_service.assistant.rules import (
    DialogueAct,
    RuleInput,
    apply_rules,
    match_human_request,
    match_small_talk,
    match_yes_no,
)
from customer_service.assistant.schema import Awaiting, Intent


def words(text: str) -> str:
    return RuleInput.from_message(text).words


@pytest.mark.parametrize(
    "text",
    [
        "talk to a human",
        "Can I speak to a real person please?",
        "I want to chat with an agent",
        "human",
        "AGENT!",
        "live agent please",
        "put me through to customer service",
        "transfer me to a representative",
        "I need a human being",
        "you're not helping, give me a person",
        "stop, I don't want a bot",
    ],
)
def test_human_request(text: str) -> None:
    assert match_human_request(words(text))


@pytest.mark.parametrize(
    "text",
    [
        "where is my order",
        "my travel agent booked it",
        "the person who delivered it was rude",
        "what is the human body made of",
    ],
)
def test_not_a_human_request(text: str) -> None:
    assert not match_human_request(words(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yes", DialogueAct.AFFIRM),
        ("Yes, cancel it", DialogueAct.AFFIRM),
        ("yep go ahead", DialogueAct.AFFIRM),
        ("sure", DialogueAct.AFFIRM),
        ("please do", DialogueAct.AFFIRM),
        ("yes, I do not want it any more", DialogueAct.AFFIRM),
        ("no", DialogueAct.DENY),
        ("No, keep it", DialogueAct.DENY),
        ("nope", DialogueAct.DENY),
        ("don't cancel it", DialogueAct.DENY),
        ("actually, never mind", DialogueAct.DENY),
        ("cancel", DialogueAct.DENY),  # backs out of the dialog
        ("what colour was it", None),
        ("yes " + "and " * 12 + "more", None),  # too long to be a plain answer
    ],
)
def test_yes_no(text: str, expected: DialogueAct | None) -> None:
    assert match_yes_no(words(text)) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hi", Intent.GREETING),
        ("Hello there!", Intent.GREETING),
        ("good morning", Intent.GREETING),
        ("thanks!", Intent.THANKS),
        ("thank you so much for your help", Intent.THANKS),
        ("ok great, cheers", Intent.THANKS),
        ("bye", Intent.GOODBYE),
        ("thanks, bye", Intent.GOODBYE),
        ("have a nice day", Intent.GOODBYE),
        ("hi, where is my order", None),
        ("thanks but my refund is missing", None),
    ],
)
def test_small_talk(text: str, expected: Intent | None) -> None:
    assert match_small_talk(words(text)) == expected


def test_yes_no_applies_only_in_confirmation() -> None:
    assert apply_rules(RuleInput.from_message("yes")) is None
    match = apply_rules(RuleInput.from_message("yes", Awaiting.CONFIRM_CANCEL))
    assert match is not None and match.act is DialogueAct.AFFIRM


def test_human_request_beats_a_pending_confirmation() -> None:
    match = apply_rules(
        RuleInput.from_message("no, let me talk to a human", Awaiting.CONFIRM_CANCEL)
    )
    assert match is not None and match.intent is Intent.CONTACT_HUMAN


def test_sign_in_acknowledgement() -> None:
    match = apply_rules(RuleInput.from_message("I've signed in", Awaiting.SIGN_IN))
    assert match is not None and match.act is DialogueAct.AFFIRM
    assert apply_rules(RuleInput.from_message("no", Awaiting.SIGN_IN)) is None


@pytest.mark.parametrize(
    ("text", "number", "index"),
    [
        ("7K4M9QX2", "ORD-7K4M9QX2", None),
        ("it's ord-7k4m9qx2", "ORD-7K4M9QX2", None),
        ("the latest one", None, 0),
        ("the second", None, 1),
    ],
)
def test_order_reference_when_awaiting_an_order(
    text: str, number: str | None, index: int | None
) -> None:
    match = apply_rules(RuleInput.from_message(text, Awaiting.ORDER_NUMBER))
    assert match is not None and match.act is DialogueAct.ORDER_REFERENCE
    assert (match.entities.order_number, match.entities.order_index) == (number, index)


def test_long_message_with_a_number_is_not_just_a_reference() -> None:
    text = "actually I would like to cancel ORD-7K4M9QX2 instead of that"
    assert apply_rules(RuleInput.from_message(text, Awaiting.ORDER_NUMBER)) is None


@pytest.mark.parametrize(
    "text", ["ORD-7K4M9QX2", "order #ord7k4m9qx2", "#7K4M9QX2", "my order is ORD 7K4M9QX2"]
)
def test_order_number_alone_is_an_order_status_request(text: str) -> None:
    match = apply_rules(RuleInput.from_message(text))
    assert match is not None and match.intent is Intent.ORDER_STATUS
    assert match.entities.order_number == "ORD-7K4M9QX2"


def test_order_number_in_a_question_is_left_to_the_classifier() -> None:
    assert apply_rules(RuleInput.from_message("cancel ORD-7K4M9QX2 please")) is None
