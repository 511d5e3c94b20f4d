"""The chat: understand a message with the assistant core, act on it, store both sides."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from shop.accounts.models import User

from ..assistant import Action, Assistant, DialogueState, load_or_train
from ..models import Conversation, Message
from .actions import fulfil
from .turns import Turn

MAX_MESSAGE_LENGTH = 1000


@cache
def assistant_get() -> Assistant:
    """One assistant per process: the model is loaded (or trained, if missing) once."""
    return Assistant(load_or_train(settings.ASSISTANT_MODEL_PATH))


@dataclass
class ChatReply:
    conversation_id: int
    reply: str
    intent: str
    confidence: float
    handoff: bool
    products: list[dict[str, Any]] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)


def chat_message_handle(
    *,
    text: str,
    conversation: Conversation | None,
    user: User | None,
    visitor: str,
) -> ChatReply:
    """Answer one customer message, storing both sides and opening a ticket when needed."""
    text = text.strip()[:MAX_MESSAGE_LENGTH]
    assistant = assistant_get()
    with transaction.atomic():
        if conversation is None:
            conversation = Conversation.objects.create(
                user=user, visitor_key="" if user else visitor
            )
        try:
            state = DialogueState.from_dict(conversation.state)
        except ValueError:
            state = DialogueState()
        customer_message = Message.objects.create(
            conversation=conversation, sender=Message.Sender.CUSTOMER, text=text
        )
        decision = assistant.decide(text, state, signed_in=user is not None)
        outcome = fulfil(Turn(decision=decision, user=user, conversation=conversation))
        # Not understood: a plain fallback, or the one that tipped the chat over to staff.
        handled = decision.source != "fallback" and decision.handoff_reason != "repeated_fallback"
        customer_message.intent = str(decision.intent)
        customer_message.confidence = decision.confidence
        customer_message.handled = handled
        customer_message.action = str(decision.action)
        customer_message.save(update_fields=["intent", "confidence", "handled", "action"])
        Message.objects.create(
            conversation=conversation, sender=Message.Sender.BOT, text=outcome.text
        )
        handoff = decision.action == Action.HANDOFF
        conversation.state = outcome.state.to_dict()
        conversation.last_intent = str(decision.intent)
        if handoff:
            conversation.status = Conversation.Status.STAFF
        conversation.save(update_fields=["state", "last_intent", "status", "updated_at"])
    suggestions = (
        outcome.suggestions if outcome.suggestions is not None else list(decision.suggestions)
    )
    return ChatReply(
        conversation_id=conversation.pk,
        reply=outcome.text,
        intent=str(decision.intent),
        confidence=round(float(decision.confidence), 4),
        handoff=handoff,
        products=outcome.products,
        suggestions=[_(s) for s in suggestions],
    )


def conversation_claim_visitor(*, visitor: str, user_id: int) -> int:
    """On sign-in, a visitor's chats join the account (like their cart and history)."""
    if not visitor:
        return 0
    return Conversation.objects.filter(user=None, visitor_key=visitor).update(
        user_id=user_id, visitor_key=""
    )
