"""The assistant in the shop: understand a message with the core, then act on shop data.

The framework-free core (``customer_service.assistant``) decides what to do; this module does
it with the orders, catalogue and FAQ, stores the transcript and opens tickets for staff.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from shop.accounts.models import User
from shop.catalogue.models import Product
from shop.catalogue.search import product_search_queryset
from shop.catalogue.selectors import product_base_queryset, product_bestsellers
from shop.orders.errors import OrderTransitionError
from shop.orders.models import Order
from shop.orders.selectors import order_get_for_user, order_list_for_user
from shop.orders.services import order_cancel_by_customer
from shop.ratings.sentiment.classifier import ModelError
from shop.ratings.sentiment_model import sentiment_classifier

from .assistant import Action, Assistant, Decision, DialogueState, load_or_train
from .assistant.templates import HANDOFF_TEMPLATES, SMALL_TALK_TEMPLATES
from .models import Conversation, Message, SupportTicket
from .selectors import faq_for_topic

logger = logging.getLogger(__name__)

MAX_MESSAGE_LENGTH = 1000
PRODUCT_CARDS = 4
RECENT_ORDERS = 5
# A customer message the review sentiment model reads as negative with at least this
# probability raises a ticket to high priority, even without the anger or complaint rules:
# calm but unhappy customers ("the blender you sent is broken, really disappointed") wait
# less. Plain requests ("where is my order", "cancel my order") stay below it.
NEGATIVE_PRIORITY_CONFIDENCE = 0.7


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


@dataclass
class _Outcome:
    text: str
    state: DialogueState
    products: list[dict[str, Any]] = field(default_factory=list)
    suggestions: list[str] | None = None
    order_number: str = ""


def product_card(product: Product) -> dict[str, Any]:
    return {
        "id": product.pk,
        "title": product.title,
        "price": str(product.price),
        "currency": product.currency,
        "image": product.image_url,
        "url": product.get_absolute_url(),
    }


def _order_summary(order: Order) -> str:
    parts = [
        _("Order %(number)s is %(status)s.")
        % {"number": order.number, "status": order.get_status_display().lower()},
        _("Placed on %(date)s.") % {"date": date_format(order.created_at, "DATE_FORMAT")},
    ]
    if order.shipped_at:
        parts.append(
            _("Shipped on %(date)s.") % {"date": date_format(order.shipped_at, "DATE_FORMAT")}
        )
    if order.delivered_at:
        parts.append(
            _("Delivered on %(date)s.") % {"date": date_format(order.delivered_at, "DATE_FORMAT")}
        )
    if order.tracking_number:
        parts.append(_("Tracking number: %(tracking)s.") % {"tracking": order.tracking_number})
    return " ".join(parts)


def _recent_orders(user: User) -> list[Order]:
    return list(order_list_for_user(user=user)[:RECENT_ORDERS])


def _resolve_order(decision: Decision, user: User) -> tuple[Order | None, str]:
    """The order the customer means: a number they typed, or a position in the list shown."""
    number = decision.entities.order_number or decision.state.pending_order_number
    index = decision.entities.order_index
    if index is None:
        index = decision.state.pending_order_index
    if number:
        return order_get_for_user(user=user, number=number), number
    if index is not None:
        recent = _recent_orders(user)
        if 0 <= index < len(recent):
            return recent[index], recent[index].number
    return None, ""


def _not_found(number: str, user: User, state: DialogueState) -> _Outcome:
    # Another customer's number gets exactly this answer: it reveals nothing.
    recent = _recent_orders(user)
    text = _("I can't find order %(number)s on your account.") % {"number": number or "?"}
    if recent:
        text += " " + _("These are your recent orders:")
    return _Outcome(
        text=text,
        state=replace(state, awaiting=None, pending_order_number=None, pending_order_index=None),
        suggestions=[order.number for order in recent],
    )


def ticket_priority(*, reason: str, tone: float, negative: float) -> int:
    """A new ticket's priority from the handoff reason, the tone score and the sentiment.

    ``negative`` is the highest probability of negative sentiment over the customer's
    messages. The anger and complaint rules come first and are unchanged; confident negative
    sentiment raises a normal ticket to high, never further (urgent stays for real anger).
    """
    priority = SupportTicket.Priority.NORMAL
    if reason in ("angry", "complaint") or tone <= -0.5:
        priority = SupportTicket.Priority.HIGH
    if negative >= NEGATIVE_PRIORITY_CONFIDENCE:
        priority = max(priority, SupportTicket.Priority.HIGH)
    if reason == "angry" and tone <= -0.8:
        priority = SupportTicket.Priority.URGENT
    return int(priority)


def _most_negative(texts: list[str]) -> float:
    """The highest probability of negative sentiment among ``texts`` (0 for none)."""
    texts = [text for text in texts if text.strip()]
    try:
        predictions = sentiment_classifier().predict(texts) if texts else []
    except (ModelError, OSError, ValueError):
        # The ticket still opens; its priority then comes from the tone rules alone.
        logger.exception("sentiment model unavailable; ticket priority from tone only")
        return 0.0
    return max((prediction.negative for prediction in predictions), default=0.0)


def _open_ticket(
    *, conversation: Conversation, user: User | None, reason: str, tone: float, order_number: str
) -> SupportTicket:
    messages = list(conversation.messages.order_by("created_at", "id"))
    transcript = "\n".join(f"[{m.get_sender_display()}] {m.text}" for m in messages)
    customer_texts = [m.text for m in messages if m.sender == Message.Sender.CUSTOMER]
    first = customer_texts[0] if customer_texts else ""
    priority = ticket_priority(reason=reason, tone=tone, negative=_most_negative(customer_texts))
    return SupportTicket.objects.create(
        conversation=conversation,
        user=user,
        reason=reason,
        priority=priority,
        subject=first[:200] or _("Chat conversation"),
        transcript=transcript,
        order_number=order_number,
    )


def _fulfil(decision: Decision, *, user: User | None, conversation: Conversation) -> _Outcome:
    action, state = decision.action, decision.state
    if action == Action.REPLY:
        text = SMALL_TALK_TEMPLATES.get(
            decision.intent, _("I can help with orders, returns, delivery and products.")
        )
        return _Outcome(text=_(text), state=state)
    if action == Action.FAQ:
        entry = faq_for_topic(topic=decision.intent)
        if entry is None:
            return _Outcome(
                text=_("Our team can answer that. Would you like to talk to a person?"),
                state=state,
                suggestions=[_("Talk to a person")],
            )
        text = entry.answer
        if entry.link_url:
            text += f" {entry.link_label or entry.link_url}: {entry.link_url}"
        return _Outcome(text=text, state=state)
    if action == Action.ASK_SIGN_IN:
        return _Outcome(
            text=_("Please sign in so I can look up your orders: %(url)s")
            % {"url": reverse("accounts:login")},
            state=state,
        )
    if user is None and action in (
        Action.ORDER_STATUS,
        Action.ASK_ORDER_NUMBER,
        Action.CONFIRM_CANCEL,
        Action.CANCEL_ORDER,
        Action.CHANGE_ORDER,
    ):
        return _Outcome(
            text=_("Please sign in so I can look up your orders: %(url)s")
            % {"url": reverse("accounts:login")},
            state=replace(state, awaiting=None),
        )
    if action == Action.ASK_ORDER_NUMBER:
        assert user is not None
        recent = _recent_orders(user)
        if not recent:
            return _Outcome(
                text=_("You have no orders with us yet."),
                state=replace(state, awaiting=None, pending_intent=None),
            )
        lines = [
            f"{o.number} ({date_format(o.created_at, 'DATE_FORMAT')}, {o.get_status_display()})"
            for o in recent
        ]
        return _Outcome(
            text=_("Which order do you mean?") + " " + "; ".join(lines),
            state=state,
            suggestions=[o.number for o in recent],
        )
    if action == Action.ORDER_STATUS:
        assert user is not None
        order, number = _resolve_order(decision, user)
        if order is None:
            return _not_found(number, user, state)
        return _Outcome(
            text=_order_summary(order),
            state=state.resolve_order(order.number),
            order_number=order.number,
        )
    if action == Action.CONFIRM_CANCEL:
        assert user is not None
        order, number = _resolve_order(decision, user)
        if order is None:
            return _not_found(number, user, state)
        if not order.can_cancel:
            return _Outcome(
                text=_(
                    "Order %(number)s is %(status)s and can no longer be cancelled. "
                    "You can return it once it arrives."
                )
                % {"number": order.number, "status": order.get_status_display().lower()},
                state=replace(state, awaiting=None, pending_intent=None),
                suggestions=[_("Returns and refunds")],
            )
        return _Outcome(
            text=_("Do you want me to cancel order %(number)s (%(total)s %(currency)s)?")
            % {"number": order.number, "total": order.total, "currency": order.currency},
            state=state.resolve_order(order.number),
            order_number=order.number,
        )
    if action == Action.CANCEL_ORDER:
        assert user is not None
        order, number = _resolve_order(decision, user)
        if order is None:
            return _not_found(number, user, state)
        try:
            order_cancel_by_customer(user=user, order=order)
        except OrderTransitionError as error:
            return _Outcome(text=error.message, state=state)
        return _Outcome(
            text=_("Order %(number)s is cancelled. Your money will be refunded to your card.")
            % {"number": order.number},
            state=state,
            order_number=order.number,
        )
    if action == Action.CANCEL_DECLINED:
        return _Outcome(text=_("No problem, your order stays as it is."), state=state)
    if action == Action.CHANGE_ORDER:
        assert user is not None
        order, number = _resolve_order(decision, user)
        _open_ticket(
            conversation=conversation,
            user=user,
            reason="change_request",
            tone=decision.tone,
            order_number=order.number if order else number,
        )
        return _Outcome(
            text=_(
                "I can't change orders myself, so I've passed your request to our team. "
                "They will reply here and by email."
            ),
            state=state,
        )
    if action == Action.SEARCH_PRODUCTS:
        query = decision.entities.query or ""
        if not query.strip():
            return _Outcome(text=_("What are you looking for?"), state=state)
        found = list(
            product_search_queryset(
                product_base_queryset().filter(stock_quantity__gt=0), query
            ).order_by(F("search_rank").desc(), "-popularity")[:PRODUCT_CARDS]
        )
        if not found:
            return _Outcome(
                text=_("I couldn't find anything for “%(query)s”.") % {"query": query},
                state=state,
            )
        return _Outcome(
            text=_("Here is what we have for “%(query)s”:") % {"query": query},
            state=state,
            products=[product_card(p) for p in found],
        )
    if action == Action.RECOMMEND:
        return _Outcome(
            text=_("These are popular right now:"),
            state=state,
            products=[product_card(p) for p in product_bestsellers(limit=PRODUCT_CARDS)],
        )
    if action == Action.HANDOFF:
        reason = str(decision.handoff_reason or "requested")
        already = conversation.status == Conversation.Status.STAFF
        if not already:
            _open_ticket(
                conversation=conversation,
                user=user,
                reason=reason,
                tone=decision.tone,
                order_number=decision.entities.order_number or "",
            )
        text = HANDOFF_TEMPLATES.get(reason, HANDOFF_TEMPLATES["requested"])
        return _Outcome(
            text=_(text)
            + " "
            + _("Our team answers within one working day; the reply appears right here."),
            state=state,
            suggestions=[],
        )
    return _Outcome(
        text=_(
            "Sorry, I didn't understand that. I can help with orders, returns, delivery, "
            "payments and products."
        ),
        state=state,
    )


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
        outcome = _fulfil(decision, user=user, conversation=conversation)
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


@transaction.atomic
def ticket_answer(*, ticket: SupportTicket, staff: User, text: str) -> SupportTicket:
    """Staff answer a ticket; the answer appears in the customer's chat."""
    text = text.strip()
    if not text:
        raise ValueError("empty reply")
    Message.objects.create(conversation=ticket.conversation, sender=Message.Sender.STAFF, text=text)
    ticket.staff_reply = text
    ticket.status = SupportTicket.Status.ANSWERED
    ticket.answered_by = staff
    ticket.answered_at = timezone.now()
    ticket.save(update_fields=["staff_reply", "status", "answered_by", "answered_at"])
    return ticket


def conversation_claim_visitor(*, visitor: str, user_id: int) -> int:
    """On sign-in, a visitor's chats join the account (like their cart and history)."""
    if not visitor:
        return 0
    return Conversation.objects.filter(user=None, visitor_key=visitor).update(
        user_id=user_id, visitor_key=""
    )
