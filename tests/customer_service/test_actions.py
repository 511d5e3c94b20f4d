"""The fulfilment table: one handler per assistant action, and the guards in front of them."""

from __future__ import annotations

import pytest

from customer_service.assistant import (
    Action,
    Awaiting,
    Decision,
    DialogueState,
    Entities,
    HandoffReason,
    Intent,
    Source,
)
from customer_service.assistant.dialogue import POLICY
from customer_service.models import Conversation, SupportTicket
from customer_service.services import ACTIONS, fulfil
from customer_service.services.order_actions import own_order_or_not_found
from customer_service.services.turns import Outcome, Turn
from shop.accounts.factories import UserFactory
from shop.orders.models import Order, OrderStatus
from tests.customer_service.helpers import place_order

pytestmark = pytest.mark.django_db

ORDER_ACTIONS = (
    Action.ASK_ORDER_NUMBER,
    Action.ORDER_STATUS,
    Action.CONFIRM_CANCEL,
    Action.CANCEL_ORDER,
    Action.CHANGE_ORDER,
)


def turn(
    action: Action,
    *,
    user=None,
    conversation=None,
    number: str | None = None,
    index: int | None = None,
    state: DialogueState | None = None,
    intent: Intent = Intent.ORDER_STATUS,
    handoff_reason: HandoffReason | None = None,
) -> Turn:
    decision = Decision(
        intent=intent,
        confidence=1.0,
        source=Source.RULE,
        action=action,
        state=state or DialogueState(),
        entities=Entities(order_number=number, order_index=index),
        handoff_reason=handoff_reason,
    )
    conversation = conversation or Conversation.objects.create(user=user, visitor_key="v")
    return Turn(decision=decision, user=user, conversation=conversation)


def test_every_action_the_core_can_decide_has_a_handler():
    # Decision.action is an Action, a closed enum: the policy cannot emit anything else.
    assert set(ACTIONS) == set(Action)
    assert {row.action for row in POLICY.values()} <= set(ACTIONS)


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "customer"])
def test_every_handler_answers_in_a_fresh_conversation(action, signed_in):
    user = UserFactory() if signed_in else None
    outcome = fulfil(turn(action, user=user, intent=Intent.GREETING))
    assert isinstance(outcome, Outcome)
    assert outcome.text.strip()
    assert isinstance(outcome.state, DialogueState)


@pytest.mark.parametrize("action", ORDER_ACTIONS)
def test_order_actions_ask_visitors_to_sign_in_and_stop_waiting(action):
    waiting = DialogueState(awaiting=Awaiting.CONFIRM_CANCEL, pending_intent=Intent.CANCEL_ORDER)
    outcome = fulfil(turn(action, number="ORD-ABCDEFGH", state=waiting))
    assert "sign in" in outcome.text.lower() and "/accounts/login/" in outcome.text
    assert outcome.state.awaiting is None
    assert outcome.state.pending_intent == Intent.CANCEL_ORDER
    assert not SupportTicket.objects.exists()


def test_asking_for_sign_in_keeps_waiting_for_it():
    waiting = DialogueState(awaiting=Awaiting.SIGN_IN, pending_intent=Intent.ORDER_STATUS)
    outcome = fulfil(turn(Action.ASK_SIGN_IN, state=waiting))
    assert "/accounts/login/" in outcome.text
    assert outcome.state == waiting


def test_dispatch_runs_the_handler_of_the_action(customer):
    order, _ = place_order(customer)
    status = fulfil(turn(Action.ORDER_STATUS, user=customer, number=order.number))
    confirm = fulfil(turn(Action.CONFIRM_CANCEL, user=customer, number=order.number))
    assert status.text.startswith(f"Order {order.number} is paid.")
    assert confirm.text.startswith(f"Do you want me to cancel order {order.number}")
    assert status.order_number == confirm.order_number == order.number


def test_an_order_picked_from_the_list_is_remembered_by_number(customer):
    older, _ = place_order(customer, key="b")
    newer, _ = place_order(customer, key="c")
    outcome = fulfil(turn(Action.ORDER_STATUS, user=customer, index=1))
    assert outcome.order_number == older.number != newer.number
    assert outcome.state.pending_order_number == older.number
    assert outcome.state.pending_order_index is None


@pytest.mark.parametrize("action", [Action.ORDER_STATUS, Action.CONFIRM_CANCEL])
def test_another_customers_order_gets_the_answer_a_missing_one_gets(customer, action):
    mine, _ = place_order(customer, key="m")
    theirs, _ = place_order(UserFactory(username="stranger"), key="s")
    missing = "ORD-ZZZZZZZZ"
    assert not Order.objects.filter(number=missing).exists()

    def reply(number: str) -> Outcome:
        outcome = fulfil(turn(action, user=customer, number=number))
        return Outcome(
            text=outcome.text.replace(number, "<number>"),
            state=outcome.state,
            products=outcome.products,
            suggestions=outcome.suggestions,
            order_number=outcome.order_number,
        )

    assert reply(theirs.number) == reply(missing)
    assert reply(missing).suggestions == [mine.number]
    assert reply(missing).order_number == ""
    assert "can't find order <number>" in reply(missing).text


def test_a_stranger_cannot_cancel_an_order_by_its_number(customer):
    theirs, _ = place_order(UserFactory(username="stranger"))
    outcome = fulfil(turn(Action.CANCEL_ORDER, user=customer, number=theirs.number))
    assert "can't find order" in outcome.text
    theirs.refresh_from_db()
    assert theirs.status == OrderStatus.PAID


def test_the_shared_lookup_gives_the_order_or_the_reply(customer):
    mine, _ = place_order(customer)
    assert own_order_or_not_found(turn(Action.ORDER_STATUS, number=mine.number), customer) == mine
    missed = own_order_or_not_found(turn(Action.ORDER_STATUS, index=3), customer)
    assert isinstance(missed, Outcome)
    assert "can't find order ?" in missed.text
    assert missed.state.pending_order_number is None and missed.state.pending_order_index is None


def test_a_customer_with_no_orders_is_told_so(customer):
    waiting = DialogueState(awaiting=Awaiting.ORDER_NUMBER, pending_intent=Intent.ORDER_STATUS)
    outcome = fulfil(turn(Action.ASK_ORDER_NUMBER, user=customer, state=waiting))
    assert outcome.text == "You have no orders with us yet."
    assert outcome.state.awaiting is None and outcome.state.pending_intent is None


def test_a_change_request_names_the_number_the_customer_gave(customer):
    theirs, _ = place_order(UserFactory(username="stranger"))
    fulfil(turn(Action.CHANGE_ORDER, user=customer, number=theirs.number))
    ticket = SupportTicket.objects.get()
    assert ticket.reason == "change_request" and ticket.user == customer
    assert ticket.order_number == theirs.number


def test_a_chat_already_with_staff_opens_no_second_ticket(customer):
    conversation = Conversation.objects.create(user=customer)
    fulfil(turn(Action.HANDOFF, user=customer, conversation=conversation))
    conversation.status = Conversation.Status.STAFF
    conversation.save(update_fields=["status"])
    again = fulfil(
        turn(
            Action.HANDOFF,
            user=customer,
            conversation=conversation,
            handoff_reason=HandoffReason.ANGRY,
        )
    )
    assert SupportTicket.objects.get().reason == "requested"
    assert again.suggestions == [] and "working day" in again.text
