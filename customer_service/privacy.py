"""Customer service's share of a customer's data: their chats, and the tickets raised from
them. Conversations go with the user row (cascade); tickets are deleted here, including those
of a visitor's chat the customer later signed in to."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from shop.accounts.models import User
from shop.core.privacy import PrivacySection, register

from .models import Conversation, SupportTicket


def export_conversations(user: User) -> list[dict[str, Any]]:
    return [
        {
            "started": conversation.created_at.isoformat(),
            "messages": [
                {"from": m.sender, "text": m.text, "at": m.created_at.isoformat()}
                for m in conversation.messages.all()
            ],
        }
        for conversation in Conversation.objects.filter(user=user).prefetch_related("messages")
    ]


def erase_tickets(user: User) -> None:
    SupportTicket.objects.filter(Q(user=user) | Q(conversation__user=user)).delete()


def connect() -> None:
    register(PrivacySection("conversations", export_conversations, erase_tickets))
