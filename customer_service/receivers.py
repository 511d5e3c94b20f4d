"""On sign-in a visitor's chats join the account; the rule is in the service."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from recommendations.services import visitor_key
from shop.accounts.models import User

from .services import conversation_claim_visitor


@receiver(user_logged_in, dispatch_uid="customer_service.claim_conversations")
def claim_conversations(
    sender: Any, request: HttpRequest | None, user: User, **kwargs: Any
) -> None:
    if request is not None and hasattr(request, "session"):
        conversation_claim_visitor(visitor=visitor_key(request, create=False), user=user)
