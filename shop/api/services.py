"""API tokens: the one write the API owns (DRF's authtoken keeps one token per user)."""

from __future__ import annotations

from django.db import transaction
from rest_framework.authtoken.models import Token

from shop.accounts.models import User

from .authentication import token_expired


@transaction.atomic
def token_for(*, user: User) -> Token:
    """The customer's API token: the one they have while it is valid, else a new one (DRF keeps
    one token per user, so every client of theirs shares it)."""
    token, _created = Token.objects.select_for_update().get_or_create(user=user)
    if token_expired(token):
        token.delete()
        token = Token.objects.create(user=user)
    return token


def token_revoke(*, user: User) -> None:
    """Sign out every client using the customer's token."""
    Token.objects.filter(user=user).delete()
