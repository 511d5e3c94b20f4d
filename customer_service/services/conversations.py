"""The chat: understand a message with the assistant core, act on it, store both sides."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from shop.accounts.models import User
from shop.catalogue.selectors import catalogue_words_version
from shop.orders.cart import CartStore

from ..assistant import (
    Assistant,
    Decision,
    DialogueState,
    IntentClassifier,
    ModelError,
    load_or_train,
)
from ..assistant.corpus import TRAINING_DIR
from ..models import Conversation, Message, SupportTicket
from ..selectors import shop_vocabulary
from .actions import fulfil
from .tickets import ticket_transcript_append, transcript_line
from .turns import Turn

MAX_MESSAGE_LENGTH = 1000


@dataclass
class _Loaded:
    signature: str | None = None  # the catalogue's words version it was built on
    assistant: Assistant | None = None


_loaded = _Loaded()
_lock = threading.Lock()


@cache
def _classifier() -> IntentClassifier:
    """The model is loaded once per process, and used once here so its sentence embeddings are
    loaded too: the first customer does not wait for them.

    A missing or stale model is trained here only if ``ASSISTANT_TRAIN_ON_FIRST_USE`` (development
    and tests); a server has it trained before it serves and raises :class:`ModelError` instead,
    since training inside a request outlives the worker's timeout."""
    path = settings.ASSISTANT_MODEL_PATH
    if settings.ASSISTANT_TRAIN_ON_FIRST_USE:
        classifier = load_or_train(path)
    else:
        classifier = IntentClassifier.load(path)
        if classifier.is_stale(TRAINING_DIR):
            raise ModelError(f"{path} is stale: run manage.py train_assistant --if-stale")
    classifier.predict_proba("where is my order")
    return classifier


def assistant_warm() -> None:
    """Load the model before the first message (a server worker calls it as it starts)."""
    _classifier()


def assistant_get() -> Assistant:
    """The assistant with the catalogue's current words (rebuilt when types, attribute values
    or brands change: one cache read per message decides it)."""
    signature = catalogue_words_version()
    with _lock:
        if _loaded.assistant is None or _loaded.signature != signature:
            _loaded.assistant = Assistant(_classifier(), vocabulary=shop_vocabulary())
            _loaded.signature = signature
        return _loaded.assistant


@dataclass
class ChatReply:
    conversation_id: int
    reply: str
    intent: str
    confidence: float
    handoff: bool
    products: list[dict[str, Any]] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    last_message: int = 0  # the id of the last message stored (the widget polls after it)


def key_entity(decision: Decision) -> str:
    """What a request is about, for a ticket's subject: an order, a product, a country."""
    entities = decision.entities
    return (
        entities.order_number or entities.query or entities.country or entities.voucher_code or ""
    )


def _to_staff(*, conversation: Conversation, text: str) -> ChatReply:
    """While staff own the chat the assistant stays quiet: the message joins the ticket."""
    message = Message.objects.create(
        conversation=conversation, sender=Message.Sender.CUSTOMER, text=text
    )
    ticket_transcript_append(conversation=conversation, line=transcript_line(message))
    conversation.save(update_fields=["updated_at"])
    return ChatReply(
        conversation_id=conversation.pk,
        reply="",
        intent=conversation.last_intent or "contact_human",
        confidence=1.0,
        handoff=True,
        last_message=message.pk,
    )


def chat_message_handle(
    *,
    text: str,
    conversation: Conversation | None,
    user: User | None,
    visitor: str,
    cart: CartStore | None = None,
    country: str = "",
) -> ChatReply:
    """Answer one customer message, storing both sides and opening a ticket when needed.

    ``cart`` is the sender's own cart (and ``country`` the one it is priced for), which the
    voucher answers check codes against."""
    text = text.strip()[:MAX_MESSAGE_LENGTH]
    assistant = assistant_get()
    with transaction.atomic():
        if conversation is None:
            conversation = Conversation.objects.create(
                user=user, visitor_key="" if user else visitor
            )
        elif conversation.status == Conversation.Status.STAFF:
            return _to_staff(conversation=conversation, text=text)
        try:
            state = DialogueState.from_dict(conversation.state)
        except ValueError:
            state = DialogueState()
        decision = assistant.decide(text, state, signed_in=user is not None)
        # Stored before fulfilling it: a handover's ticket quotes it. Stored as answered
        # unless it was not understood; the rare answer that finds nothing corrects that.
        understood = decision.source != "fallback"
        customer_message = Message.objects.create(
            conversation=conversation,
            sender=Message.Sender.CUSTOMER,
            text=text,
            intent=str(decision.intent),
            confidence=decision.confidence,
            handled=understood,
            action=str(decision.action),
            data={"entity": key_entity(decision)},
        )
        outcome = fulfil(Turn(decision, user, conversation, text, cart, country))
        # Not answered: not understood, nothing found, no FAQ entry, or handed over for it.
        if understood and not outcome.answered:
            customer_message.handled = False
            customer_message.save(update_fields=["handled"])
        suggestions = [
            _(s)
            for s in (
                outcome.suggestions
                if outcome.suggestions is not None
                else list(decision.suggestions)
            )
        ]
        reply = Message.objects.create(
            conversation=conversation,
            sender=Message.Sender.BOT,
            text=outcome.text,
            data={"products": outcome.products, "suggestions": suggestions},
        )
        handoff = outcome.state.handed_off
        conversation.state = outcome.state.to_dict()
        conversation.last_intent = str(decision.intent)
        if handoff:
            conversation.status = Conversation.Status.STAFF
        conversation.save(update_fields=["state", "last_intent", "status", "updated_at"])
    return ChatReply(
        conversation_id=conversation.pk,
        reply=outcome.text,
        intent=str(decision.intent),
        confidence=round(float(decision.confidence), 4),
        handoff=handoff,
        products=outcome.products,
        suggestions=suggestions,
        last_message=reply.pk,
    )


@transaction.atomic
def conversation_back_to_assistant(*, conversation: Conversation) -> Message:
    """The customer leaves staff for the assistant again; the ticket stays open for staff."""
    try:
        state = DialogueState.from_dict(conversation.state)
    except ValueError:
        state = DialogueState()
    conversation.status = Conversation.Status.BOT
    conversation.state = state.back_to_assistant().to_dict()
    conversation.save(update_fields=["status", "state", "updated_at"])
    ticket_transcript_append(
        conversation=conversation, line="[" + _("Customer went back to the assistant") + "]"
    )
    return Message.objects.create(
        conversation=conversation,
        sender=Message.Sender.BOT,
        text=_("You're back with the assistant. How can I help?"),
        data={"suggestions": [_("Where is my order?"), _("Talk to a person")]},
    )


def ticket_closed(*, ticket: SupportTicket) -> None:
    """A closed ticket (the last one open) gives the conversation back to the assistant."""
    conversation = ticket.conversation
    still_open = conversation.tickets.exclude(status=SupportTicket.Status.CLOSED).exists()
    if conversation.status == Conversation.Status.STAFF and not still_open:
        conversation_back_to_assistant(conversation=conversation)


def conversation_claim_visitor(*, visitor: str, user_id: int) -> int:
    """On sign-in, a visitor's chats join the account (like their cart and history)."""
    if not visitor:
        return 0
    return Conversation.objects.filter(user=None, visitor_key=visitor).update(
        user_id=user_id, visitor_key=""
    )
