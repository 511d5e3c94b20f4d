"""API tokens: the one write the API owns (DRF's authtoken keeps one token per user)."""

from __future__ import annotations

from rest_framework.authtoken.models import Token

from shop.accounts.models import User


def token_for(*, user: User) -> str:
    """The customer's API token, created on their first sign-in through the API."""
    token, _created = Token.objects.get_or_create(user=user)
    return token.key


def token_revoke(*, user: User) -> None:
    """Sign out every client using the customer's token."""
    Token.objects.filter(user=user).delete()
