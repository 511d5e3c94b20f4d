"""Support tickets: opened when a chat goes to staff, answered by staff into the chat."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shop.accounts.models import User
from shop.ratings.sentiment.classifier import ModelError
from shop.ratings.sentiment_model import sentiment_classifier

from ..models import Conversation, Message, SupportTicket

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


def ticket_open(
    *, conversation: Conversation, user: User | None, reason: str, tone: float, order_number: str
) -> SupportTicket:
    """Open a ticket for staff with the conversation's transcript so far."""
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
