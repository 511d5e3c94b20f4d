"""Reads for the assistant: conversations are only ever visible to their owner."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from customer_service.assistant.grouping import MAX_QUESTIONS, QuestionGroup, group_questions
from shop.accounts.models import User

from ..models import Conversation, FAQEntry, Message


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


FAQ_KEY = "cs:faq:v1:{}"
FAQ_TTL = 300  # forgotten at once by an entry's save or delete (see ``faq_forget``)


def faq_entries(*, topic: str) -> list[FAQEntry]:
    """The topic's active entries in order, from the cache: they change when staff edit them,
    and are read by every FAQ answer."""
    key = FAQ_KEY.format(topic)
    entries = cache.get(key)
    if entries is None:
        entries = list(
            FAQEntry.objects.filter(topic=topic, is_active=True).order_by("position", "id")
        )
        cache.set(key, entries, FAQ_TTL)
    return list(entries)


def faq_for_topic(*, topic: str) -> FAQEntry | None:
    entries = faq_entries(topic=topic)
    return entries[0] if entries else None


def conversation_current(*, user: User | None, visitor: str) -> Conversation | None:
    """The customer's latest conversation that is not closed: on any device when signed in,
    in this browser (its visitor key) otherwise."""
    queryset = Conversation.objects.exclude(status=Conversation.Status.CLOSED)
    if user is not None:
        queryset = queryset.filter(user=user)
    elif visitor:
        queryset = queryset.filter(user=None, visitor_key=visitor)
    else:
        return None
    return queryset.order_by("-updated_at", "-pk").first()


@lru_cache(maxsize=64)
def _faq_index(documents: tuple[str, ...]) -> tuple[TfidfVectorizer, Any] | None:
    """The TF-IDF index of one topic's entries, fitted once per process for their text (not
    once per message: the fit was a fifth of a chat reply's time)."""
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    try:
        return vectorizer, vectorizer.fit_transform(documents)
    except ValueError:  # nothing but stop words
        return None


def faq_best_for(*, topic: str, text: str) -> FAQEntry | None:
    """The topic's active FAQ entry whose question and answer are closest to ``text`` (TF-IDF
    cosine similarity); the first by position when none shares a word."""
    entries = faq_entries(topic=topic)
    if len(entries) <= 1 or not text.strip():
        return entries[0] if entries else None
    index = _faq_index(tuple(f"{e.question} {e.question} {e.answer}" for e in entries))
    if index is None:
        return entries[0]
    vectorizer, matrix = index
    scores = cosine_similarity(vectorizer.transform([text]), matrix)[0]
    best = int(scores.argmax())
    return entries[best] if scores[best] > 0 else entries[0]


def _unanswered() -> QuerySet[Message]:
    return Message.objects.filter(sender=Message.Sender.CUSTOMER, handled=False)


def unanswered_groups(*, top: int = 20) -> list[QuestionGroup]:
    """The recent questions the assistant did not answer, grouped by similarity, largest first."""
    texts = list(
        _unanswered().order_by("-created_at", "-id").values_list("text", flat=True)[:MAX_QUESTIONS]
    )
    return group_questions(texts, top=top)


def assistant_statistics(*, top: int = 20) -> dict[str, object]:
    """How many customer messages went unanswered (not understood, nothing found, handed over
    for want of an answer), and the unanswered questions grouped by similarity."""
    understood = Message.objects.filter(sender=Message.Sender.CUSTOMER, handled__isnull=False)
    total = understood.count()
    missed = _unanswered().count()
    return {
        "messages": total,
        "fallbacks": missed,
        "fallback_rate": (missed / total) if total else 0.0,
        "unanswered": unanswered_groups(top=top) if missed else [],
    }
