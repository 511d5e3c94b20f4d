"""Reads for the assistant: conversations are only ever visible to their owner."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.db.models.functions import Lower

from shop.accounts.models import User

from .models import Conversation, FAQEntry, Message


def conversation_get_owned(
    *, conversation_id: int, user: User | None, visitor: str
) -> Conversation | None:
    """The conversation if it belongs to this customer (or this visitor), else None."""
    queryset = Conversation.objects.filter(pk=conversation_id)
    if user is not None:
        return queryset.filter(user=user).first()
    if not visitor:
        return None
    return queryset.filter(user=None, visitor_key=visitor).first()


def conversation_messages(*, conversation: Conversation, after_id: int = 0) -> QuerySet[Message]:
    return conversation.messages.filter(pk__gt=after_id).order_by("created_at", "id")


def faq_for_topic(*, topic: str) -> FAQEntry | None:
    return FAQEntry.objects.filter(topic=topic, is_active=True).order_by("position", "id").first()


def assistant_statistics(*, top: int = 10) -> dict[str, object]:
    """Fallback rate and the most frequent questions the assistant could not answer."""
    understood = Message.objects.filter(sender=Message.Sender.CUSTOMER, handled__isnull=False)
    total = understood.count()
    unhandled = understood.filter(handled=False)
    missed = unhandled.count()
    frequent = list(
        unhandled.annotate(question=Lower("text"))
        .values("question")
        .annotate(count=Count("id"))
        .order_by("-count", "question")[:top]
    )
    return {
        "messages": total,
        "fallbacks": missed,
        "fallback_rate": (missed / total) if total else 0.0,
        "unanswered": frequent,
    }
