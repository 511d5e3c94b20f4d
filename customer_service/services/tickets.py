"""Support tickets: opened when a chat goes to staff, answered by staff into the chat."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shop.accounts.models import User
from shop.orders.models import Order
from shop.ratings.sentiment.classifier import ModelError
from shop.ratings.sentiment_model import sentiment_classifier

from ..models import Conversation, Message, SupportTicket
from .emails import staff_reply_email_queue

logger = logging.getLogger(__name__)

# A customer message the review sentiment model reads as negative with at least this
# probability raises a ticket to high priority, even without the anger or complaint rules:
# calm but unhappy customers ("the blender you sent is broken, really disappointed") wait
# less. Plain requests ("where is my order", "cancel my order") stay below it.
NEGATIVE_PRIORITY_CONFIDENCE = 0.7


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


# How a ticket's subject names the request.
INTENT_LABELS = {
    "order_status": gettext_noop("Order status"),
    "cancel_order": gettext_noop("Cancel an order"),
    "change_order": gettext_noop("Change an order"),
    "return_refund": gettext_noop("Return or refund"),
    "shipping_info": gettext_noop("Delivery"),
    "payment_issue": gettext_noop("Payment"),
    "product_search": gettext_noop("Product question"),
    "recommendation": gettext_noop("Recommendation"),
    "account_help": gettext_noop("Account help"),
    "complaint": gettext_noop("Complaint"),
    "contact_human": gettext_noop("Asked for a person"),
    "out_of_scope": gettext_noop("Not understood"),
}
# Intents that are no request of their own: the subject names the one before them.
_NOT_A_REQUEST = frozenset({"greeting", "goodbye", "thanks", "contact_human", "out_of_scope"})
SUBJECT_LENGTH = 200


def ticket_request(*, messages: list[Message], reason: str) -> tuple[str, str]:
    """The request a ticket is about, as (intent, subject): the customer's latest request
    before the handover with its key entity (order number, product, country), e.g.
    "Order status: ORD-7K4M9QX2"; else the reason with the first question."""
    customer = [m for m in messages if m.sender == Message.Sender.CUSTOMER]
    intent, entity = "", ""
    if reason in ("complaint", "angry"):
        intent = "complaint"
    for message in reversed(customer):
        if message.intent and message.intent not in _NOT_A_REQUEST:
            intent = intent or message.intent
            entity = str((message.data or {}).get("entity") or "") or message.text
            break
    if not intent:
        intent = "out_of_scope" if reason == "repeated_fallback" else "contact_human"
    if not entity:
        unanswered = [m.text for m in customer if m.handled is False]
        entity = (unanswered or [m.text for m in customer] or [""])[0]
    label = _(INTENT_LABELS.get(intent, intent))
    subject = f"{label}: {entity}" if entity else label
    return intent, subject[:SUBJECT_LENGTH]


def ticket_open(
    *,
    conversation: Conversation,
    user: User | None,
    reason: str,
    tone: float,
    order_number: str,
    order: Order | None = None,
) -> SupportTicket:
    """Open a ticket for staff with the conversation's transcript so far."""
    messages = list(conversation.messages.order_by("created_at", "id"))
    transcript = "\n".join(transcript_line(m) for m in messages)
    customer_texts = [m.text for m in messages if m.sender == Message.Sender.CUSTOMER]
    priority = ticket_priority(reason=reason, tone=tone, negative=_most_negative(customer_texts))
    intent, subject = ticket_request(messages=messages, reason=reason)
    return SupportTicket.objects.create(
        conversation=conversation,
        user=user,
        reason=reason,
        intent=intent,
        priority=priority,
        subject=subject or _("Chat conversation"),
        transcript=transcript,
        order_number=order.number if order else order_number,
        order=order,
    )


def transcript_line(message: Message) -> str:
    return f"[{message.get_sender_display()}] {message.text}"


def ticket_current(*, conversation: Conversation) -> SupportTicket | None:
    """The conversation's latest ticket that is not closed (the one staff are working on)."""
    return (
        conversation.tickets.exclude(status=SupportTicket.Status.CLOSED)
        .order_by("-created_at", "-pk")
        .first()
    )


def ticket_transcript_append(*, conversation: Conversation, line: str) -> None:
    """Continue the open ticket's transcript (customer messages after the handover)."""
    ticket = ticket_current(conversation=conversation)
    if ticket is not None:
        ticket.transcript = f"{ticket.transcript}\n{line}" if ticket.transcript else line
        ticket.save(update_fields=["transcript"])


@transaction.atomic
def ticket_answer(*, ticket: SupportTicket, staff: User, text: str) -> SupportTicket:
    """Staff answer a ticket: the answer appears in the customer's chat, continues the
    transcript and, for a signed-in customer, goes out by e-mail through the outbox."""
    text = text.strip()
    if not text:
        raise ValueError("empty reply")
    message = Message.objects.create(
        conversation=ticket.conversation, sender=Message.Sender.STAFF, text=text
    )
    ticket.staff_reply = text
    ticket.status = SupportTicket.Status.ANSWERED
    ticket.answered_by = staff
    ticket.answered_at = timezone.now()
    ticket.transcript = f"{ticket.transcript}\n{transcript_line(message)}"
    ticket.save(update_fields=["staff_reply", "status", "answered_by", "answered_at", "transcript"])
    Conversation.objects.filter(pk=ticket.conversation_id).update(updated_at=timezone.now())
    staff_reply_email_queue(message=message)
    return ticket
