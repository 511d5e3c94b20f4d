"""What the assistant's app does when something happens elsewhere; rules stay in services."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from shop.core import events, outbox
from shop.core.visitor import VisitorSignedIn

from .models import FAQEntry
from .services import conversation_claim_visitor
from .services.emails import STAFF_REPLY, staff_reply_deliver
from .services.facts import faq_entries_forget


def claim_conversations(event: VisitorSignedIn) -> None:
    conversation_claim_visitor(visitor=event.visitor_key, user_id=event.user_id)


@receiver([post_save, post_delete], sender=FAQEntry, dispatch_uid="customer_service.faq")
def faq_forget(sender: Any, instance: FAQEntry, **kwargs: Any) -> None:
    faq_entries_forget()


def connect() -> None:
    events.subscribe(VisitorSignedIn, claim_conversations, uid="customer_service.claim")
    outbox.register_handler(STAFF_REPLY, staff_reply_deliver)
