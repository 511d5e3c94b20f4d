"""What the assistant's app does when something happens elsewhere; rules stay in services."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from shop.core import events, outbox
from shop.core.visitor import VisitorSignedIn

from .models import FAQEntry
from .selectors.conversations import FAQ_KEY
from .services import conversation_claim_visitor
from .services.emails import STAFF_REPLY, staff_reply_deliver


def claim_conversations(event: VisitorSignedIn) -> None:
    conversation_claim_visitor(visitor=event.visitor_key, user_id=event.user_id)


@receiver([post_save, post_delete], sender=FAQEntry, dispatch_uid="customer_service.faq")
def faq_forget(sender: Any, instance: FAQEntry, **kwargs: Any) -> None:
    """An entry was edited (its topic may have changed too): every topic is read afresh, now
    and after the commit (a reader between the two cached the old entries)."""
    keys = [FAQ_KEY.format(topic) for topic in FAQEntry.objects.values_list("topic", flat=True)]
    keys.append(FAQ_KEY.format(instance.topic))

    def forget() -> None:
        cache.delete_many(sorted(set(keys)))

    forget()
    transaction.on_commit(forget)


def connect() -> None:
    events.subscribe(VisitorSignedIn, claim_conversations, uid="customer_service.claim")
    outbox.register_handler(STAFF_REPLY, staff_reply_deliver)
