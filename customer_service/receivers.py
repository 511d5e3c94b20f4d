"""What the assistant's app does when something happens elsewhere; rules stay in services."""

from __future__ import annotations

from shop.core import events, outbox
from shop.core.visitor import VisitorSignedIn

from .services import conversation_claim_visitor
from .services.emails import STAFF_REPLY, staff_reply_deliver


def claim_conversations(event: VisitorSignedIn) -> None:
    conversation_claim_visitor(visitor=event.visitor_key, user_id=event.user_id)


def connect() -> None:
    events.subscribe(VisitorSignedIn, claim_conversations, uid="customer_service.claim")
    outbox.register_handler(STAFF_REPLY, staff_reply_deliver)
