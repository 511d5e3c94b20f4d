"""Multi-turn behaviour of Assistant.decide.

Most tests use a scripted classifier, so they pin down the policy exactly, independent of the
trained model; a few at the end run the real model end to end.
"""

from __future__ import annotations

import json

import pytest

from customer_service.assistant import (
    Action,
    Assistant,
    Awaiting,
    Decision,
    DialogueState,
    HandoffReason,
    Intent,
    Source,
)
from customer_service.assistant.schema import INTENTS


class ScriptedClassifier:
    """Answers from a table of message -> (intent, probability); anything else is unclear."""

    def __init__(self, script: dict[str, tuple[str, float]]) -> None:
        self.script = script

    def predict_proba(self, text: str) -> list[tuple[str, float]]:
        intent, probability = self.script.get(text, ("out_of_scope", 0.2))
        rest = (1.0 - probability) / (len(INTENTS) - 1)
        ranked = [(intent, probability)] + [(other, rest) for other in INTENTS if other != intent]
        return sorted(ranked, key=lambda pair: pair[1], reverse=True)


SCRIPT = {
    "where is my order": ("order_status", 0.9),
    "where is ORD-7K4M9QX2": ("order_status", 0.9),
    "cancel my order": ("cancel_order", 0.9),
    "cancel it": ("cancel_order", 0.9),
    "cancel ORD-7K4M9QX2 please": ("cancel_order", 0.9),
    "change my delivery address": ("change_order", 0.9),
    "how do returns work": ("return_refund", 0.9),
    "do you have red running shoes?": ("product_search", 0.9),
    "what would you recommend for my dad": ("recommendation", 0.9),
    "I want to complain about the driver": ("complaint", 0.9),
    "what is the weather today": ("out_of_scope", 0.9),
    "refund or exchange?": ("return_refund", 0.4),  # confident enough, but see the margin test
}


@pytest.fixture
def scripted() -> Assistant:
    return Assistant(ScriptedClassifier(SCRIPT), threshold=0.3, margin=0.1)


def talk(
    assistant: Assistant, *messages: str, signed_in: bool = True, state: DialogueState | None = None
) -> list[Decision]:
    decisions = []
    state = state or DialogueState()
    for message in messages:
        decision = assistant.decide(message, state, signed_in=signed_in)
        decisions.append(decision)
        # Round-trip through JSON as the Django session would.
        state = DialogueState.from_dict(json.loads(json.dumps(decision.state.to_dict())))
        assert state == decision.state
    return decisions


def test_order_status_asks_which_order_then_takes_a_number(scripted: Assistant) -> None:
    ask, answer = talk(scripted, "where is my order", "it's ord-7k4m9qx2")
    assert (ask.intent, ask.action) == (Intent.ORDER_STATUS, Action.ASK_ORDER_NUMBER)
    assert ask.state.awaiting is Awaiting.ORDER_NUMBER
    assert ask.suggestions == ("The latest one",)
    assert (answer.intent, answer.action, answer.source) == (
        Intent.ORDER_STATUS,
        Action.ORDER_STATUS,
        Source.RULE,
    )
    assert answer.entities.order_number == "ORD-7K4M9QX2"
    assert answer.state.awaiting is None


def test_order_status_accepts_a_bare_code_or_a_position(scripted: Assistant) -> None:
    _, bare = talk(scripted, "where is my order", "7K4M9QX2")
    assert bare.entities.order_number == "ORD-7K4M9QX2"
    _, latest = talk(scripted, "where is my order", "the latest one")
    assert (latest.action, latest.entities.order_index) == (Action.ORDER_STATUS, 0)


def test_order_number_given_up_front_needs_no_question(scripted: Assistant) -> None:
    (decision,) = talk(scripted, "where is ORD-7K4M9QX2")
    assert decision.action is Action.ORDER_STATUS
    assert decision.entities.order_number == "ORD-7K4M9QX2"


def test_a_new_request_while_waiting_for_an_order_is_answered(scripted: Assistant) -> None:
    _, switched = talk(scripted, "where is my order", "how do returns work")
    assert (switched.intent, switched.action) == (Intent.RETURN_REFUND, Action.FAQ)
    assert switched.state.awaiting is None


def test_cancel_asks_for_the_order_then_confirmation(scripted: Assistant) -> None:
    ask, confirm, done = talk(scripted, "cancel my order", "ORD-7K4M9QX2", "Yes, cancel it")
    assert ask.action is Action.ASK_ORDER_NUMBER
    assert confirm.action is Action.CONFIRM_CANCEL
    assert confirm.state.awaiting is Awaiting.CONFIRM_CANCEL
    assert confirm.suggestions == ("Yes, cancel it", "No, keep it")
    assert (done.intent, done.action) == (Intent.CANCEL_ORDER, Action.CANCEL_ORDER)
    assert done.entities.order_number == "ORD-7K4M9QX2"
    assert done.state.awaiting is None


@pytest.mark.parametrize("answer", ["no", "No, keep it", "don't cancel it", "never mind"])
def test_cancel_declined(scripted: Assistant, answer: str) -> None:
    *_, declined = talk(scripted, "cancel ORD-7K4M9QX2 please", answer)
    assert (declined.intent, declined.action) == (Intent.CANCEL_ORDER, Action.CANCEL_DECLINED)
    assert declined.entities.order_number == "ORD-7K4M9QX2"


def test_shouted_answer_to_confirmation_is_honoured(scripted: Assistant) -> None:
    _, declined = talk(scripted, "cancel ORD-7K4M9QX2 please", "NO!!! DON'T CANCEL IT!!!")
    assert declined.action is Action.CANCEL_DECLINED
    assert declined.tone <= -0.6


def test_unclear_answer_to_confirmation_asks_again_then_hands_off(scripted: Assistant) -> None:
    confirm, unclear, handoff = talk(scripted, "cancel ORD-7K4M9QX2 please", "hmm", "blah")
    assert confirm.action is Action.CONFIRM_CANCEL
    assert unclear.action is Action.CONFIRM_CANCEL  # asked again, not cancelled
    assert unclear.source is Source.FALLBACK
    assert unclear.entities.order_number == "ORD-7K4M9QX2"
    assert (handoff.action, handoff.handoff_reason) == (
        Action.HANDOFF,
        HandoffReason.REPEATED_FALLBACK,
    )


def test_cancel_it_after_a_status_answer_uses_that_order(scripted: Assistant) -> None:
    _, confirm = talk(scripted, "where is ORD-7K4M9QX2", "cancel it")
    assert confirm.action is Action.CONFIRM_CANCEL
    assert confirm.entities.order_number == "ORD-7K4M9QX2"


def test_position_is_resolved_by_django_before_confirming(scripted: Assistant) -> None:
    _, confirm = talk(scripted, "cancel my order", "the second one")
    assert confirm.entities.order_index == 1
    state = confirm.state.resolve_order("ORD-2222AAAA")
    done = scripted.decide("yes", state, signed_in=True)
    assert done.action is Action.CANCEL_ORDER
    assert (done.entities.order_number, done.entities.order_index) == ("ORD-2222AAAA", None)


def test_yes_outside_a_confirmation_does_not_cancel(scripted: Assistant) -> None:
    (decision,) = talk(scripted, "yes")
    assert decision.action is Action.FALLBACK


@pytest.mark.parametrize("message", ["where is my order", "cancel my order", "ORD-7K4M9QX2"])
def test_anonymous_order_questions_ask_to_sign_in(scripted: Assistant, message: str) -> None:
    (decision,) = talk(scripted, message, signed_in=False)
    assert decision.action is Action.ASK_SIGN_IN
    assert decision.state.awaiting is Awaiting.SIGN_IN


def test_request_resumes_after_sign_in(scripted: Assistant) -> None:
    (ask,) = talk(scripted, "where is ORD-7K4M9QX2", signed_in=False)
    resumed = scripted.decide("I've signed in", ask.state, signed_in=True)
    assert resumed.action is Action.ORDER_STATUS
    assert resumed.entities.order_number == "ORD-7K4M9QX2"
    still_anonymous = scripted.decide("done", ask.state, signed_in=False)
    assert still_anonymous.action is Action.ASK_SIGN_IN


def test_change_order_goes_to_staff_with_the_order(scripted: Assistant) -> None:
    _, change = talk(scripted, "change my delivery address", "ORD-7K4M9QX2")
    assert (change.intent, change.action) == (Intent.CHANGE_ORDER, Action.CHANGE_ORDER)
    assert change.entities.order_number == "ORD-7K4M9QX2"


def test_table_driven_actions(scripted: Assistant) -> None:
    decisions = talk(
        scripted, "hi", "how do returns work", "do you have red running shoes?", "thanks", "bye"
    )
    assert [decision.action for decision in decisions] == [
        Action.REPLY,
        Action.FAQ,
        Action.SEARCH_PRODUCTS,
        Action.REPLY,
        Action.REPLY,
    ]
    assert decisions[2].entities.query == "red running shoes"
    assert decisions[-1].suggestions == ()


def test_recommendation_carries_a_query(scripted: Assistant) -> None:
    (decision,) = talk(scripted, "what would you recommend for my dad")
    assert decision.action is Action.RECOMMEND
    assert decision.entities.query == "my dad"


def test_two_fallbacks_in_a_row_hand_off(scripted: Assistant) -> None:
    first, second = talk(scripted, "grmbl", "what is the weather today")
    assert (first.action, first.source, first.intent) == (
        Action.FALLBACK,
        Source.FALLBACK,
        Intent.OUT_OF_SCOPE,
    )
    assert first.state.fallback_count == 1
    assert (second.action, second.handoff_reason) == (
        Action.HANDOFF,
        HandoffReason.REPEATED_FALLBACK,
    )
    assert second.state.handed_off


def test_an_understood_message_resets_the_fallback_count(scripted: Assistant) -> None:
    decisions = talk(scripted, "grmbl", "how do returns work", "grmbl")
    assert [decision.action for decision in decisions] == [
        Action.FALLBACK,
        Action.FAQ,
        Action.FALLBACK,
    ]


def test_ambiguous_top_two_falls_back(scripted: Assistant) -> None:
    tight = Assistant(ScriptedClassifier(SCRIPT), threshold=0.3, margin=0.5)
    (decision,) = talk(tight, "refund or exchange?")
    assert decision.source is Source.FALLBACK
    assert decision.candidates[0][0] == "return_refund"
    assert "Returns and refunds" in decision.suggestions  # "did you mean" quick replies
    (confident,) = talk(scripted, "refund or exchange?")
    assert confident.action is Action.FAQ


@pytest.mark.parametrize("message", ["I want to talk to a human", "agent", "real person please"])
def test_explicit_human_request_hands_off(scripted: Assistant, message: str) -> None:
    (decision,) = talk(scripted, message)
    assert (decision.intent, decision.action, decision.handoff_reason) == (
        Intent.CONTACT_HUMAN,
        Action.HANDOFF,
        HandoffReason.REQUESTED,
    )
    assert decision.state.handed_off


def test_angry_message_hands_off_but_keeps_the_intent(scripted: Assistant) -> None:
    (decision,) = talk(scripted, "WHERE IS MY ORDER!!!")
    assert (decision.action, decision.handoff_reason) == (Action.HANDOFF, HandoffReason.ANGRY)
    assert decision.tone <= -0.6


def test_complaint_hands_off(scripted: Assistant) -> None:
    (decision,) = talk(scripted, "I want to complain about the driver")
    assert (decision.action, decision.handoff_reason) == (Action.HANDOFF, HandoffReason.COMPLAINT)


def test_handed_off_conversation_stays_with_staff(scripted: Assistant) -> None:
    _, later = talk(scripted, "talk to a human", "how do returns work")
    assert (later.action, later.handoff_reason) == (Action.HANDOFF, HandoffReason.REQUESTED)
    assert later.intent is Intent.RETURN_REFUND  # still understood, for the staff member
    fresh = scripted.decide("how do returns work", DialogueState(), signed_in=True)
    assert fresh.action is Action.FAQ


def test_decide_does_not_mutate_the_state(scripted: Assistant) -> None:
    state = DialogueState()
    scripted.decide("cancel my order", state, signed_in=True)
    assert state == DialogueState()


def test_state_from_dict() -> None:
    assert DialogueState.from_dict(None) == DialogueState()
    assert DialogueState.from_dict({"fallback_count": 1, "future_field": True}) == DialogueState(
        fallback_count=1
    )
    with pytest.raises(ValueError, match="invalid dialogue state"):
        DialogueState.from_dict({"awaiting": "a miracle"})


def test_decision_to_dict_is_plain_json(scripted: Assistant) -> None:
    decision = scripted.decide("where is ORD-7K4M9QX2", DialogueState(), signed_in=True)
    data = decision.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["action"] == "order_status"
    assert data["entities"]["order_number"] == "ORD-7K4M9QX2"
    assert type(data["state"]["awaiting"]) is not Awaiting


def test_threshold_and_margin_are_validated() -> None:
    with pytest.raises(ValueError):
        Assistant(ScriptedClassifier({}), threshold=1.5)


# --- End to end with the trained model --------------------------------------------------------


def test_real_model_cancel_flow(assistant: Assistant) -> None:
    ask, confirm, done = talk(
        assistant, "I'd like to cancel my order please", "the latest one", "yes please"
    )
    assert ask.action is Action.ASK_ORDER_NUMBER
    assert confirm.action is Action.CONFIRM_CANCEL
    assert done.action is Action.CANCEL_ORDER


def test_real_model_product_search(assistant: Assistant) -> None:
    decision = assistant.decide("do you have red running shoes?", DialogueState(), signed_in=False)
    assert decision.action is Action.SEARCH_PRODUCTS
    assert decision.entities.query == "red running shoes"
