"""The quick replies offered to the customer must work when sent back."""

from __future__ import annotations

from customer_service.assistant import Action, Assistant, Awaiting, DialogueState, Intent
from customer_service.assistant.schema import HandoffReason
from customer_service.assistant.templates import (
    HANDOFF_TEMPLATES,
    INTENT_SUGGESTIONS,
    REPLY_TEMPLATES,
    SUGGESTIONS,
)


def test_every_action_has_a_template_and_suggestions() -> None:
    assert set(SUGGESTIONS) == set(Action)
    assert set(REPLY_TEMPLATES) == set(Action) - {Action.REPLY}
    assert set(HANDOFF_TEMPLATES) == set(HandoffReason)


def test_confirmation_quick_replies_round_trip(assistant: Assistant) -> None:
    state = DialogueState(
        awaiting=Awaiting.CONFIRM_CANCEL,
        pending_intent=Intent.CANCEL_ORDER,
        pending_order_number="ORD-7K4M9QX2",
    )
    yes, no = SUGGESTIONS[Action.CONFIRM_CANCEL]
    assert assistant.decide(yes, state, signed_in=True).action is Action.CANCEL_ORDER
    assert assistant.decide(no, state, signed_in=True).action is Action.CANCEL_DECLINED


def test_order_and_sign_in_quick_replies_round_trip(assistant: Assistant) -> None:
    waiting = DialogueState(awaiting=Awaiting.ORDER_NUMBER, pending_intent=Intent.ORDER_STATUS)
    (latest,) = SUGGESTIONS[Action.ASK_ORDER_NUMBER]
    assert assistant.decide(latest, waiting, signed_in=True).entities.order_index == 0
    signing_in = DialogueState(awaiting=Awaiting.SIGN_IN, pending_intent=Intent.ORDER_STATUS)
    (signed_in,) = SUGGESTIONS[Action.ASK_SIGN_IN]
    decision = assistant.decide(signed_in, signing_in, signed_in=True)
    assert decision.action is Action.ASK_ORDER_NUMBER


def test_intent_quick_replies_reach_their_intent(assistant: Assistant) -> None:
    for intent, text in INTENT_SUGGESTIONS.items():
        decision = assistant.decide(text, DialogueState(), signed_in=True)
        assert decision.intent == intent, text


def test_other_quick_replies_are_understood(assistant: Assistant) -> None:
    expected = {
        "Where is my order?": Intent.ORDER_STATUS,
        "I want to return something": Intent.RETURN_REFUND,
        "Recommend something": Intent.RECOMMENDATION,
        "Cancel this order": Intent.CANCEL_ORDER,
        "Search for something else": Intent.PRODUCT_SEARCH,
    }
    for text, intent in expected.items():
        assert assistant.decide(text, DialogueState(), signed_in=True).intent == intent, text
