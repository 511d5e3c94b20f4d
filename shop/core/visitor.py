"""Who an anonymous visitor is: an id in a signed cookie, and the event when they sign in.

Not the session: a cookie costs no database write, so a visitor who only browses (or a crawler)
does not create a session row per page; and ``login()`` replaces the session key but leaves this
cookie alone, which lets a visitor's history (views, chats) join the account on sign-in. The
apps that keep such history subscribe to ``VisitorSignedIn``.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

from . import events

VISITOR_COOKIE = "visitor"
VISITOR_SALT = "shop.visitor"
VISITOR_MAX_AGE = 365 * 24 * 3600


@dataclass(frozen=True)
class VisitorSignedIn:
    """The visitor with ``visitor_key`` signed in to (or signed up as) ``user_id``."""

    user_id: int
    visitor_key: str


def visitor_key(request: HttpRequest, *, create: bool = True) -> str:
    """A visitor's anonymous id; a new one is sent back by ``VisitorCookieMiddleware``."""
    key = getattr(request, "visitor_key", "")
    if key:
        return str(key)
    key = request.get_signed_cookie(VISITOR_COOKIE, default="", salt=VISITOR_SALT)
    if not key and create:
        key = secrets.token_hex(16)
        request.new_visitor_key = key  # type: ignore[attr-defined]
    if key:
        request.visitor_key = key  # type: ignore[attr-defined]
    return str(key)


class VisitorCookieMiddleware:
    """Sends a visitor id made during the request back as a signed, HTTP-only cookie."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        key = getattr(request, "new_visitor_key", "")
        if key:
            response.set_signed_cookie(
                VISITOR_COOKIE,
                key,
                salt=VISITOR_SALT,
                max_age=VISITOR_MAX_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response


@receiver(user_logged_in, dispatch_uid="core.visitor_signed_in")
def _announce_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is None:
        return
    key = visitor_key(request, create=False)
    if key:
        events.publish(VisitorSignedIn(user_id=user.pk, visitor_key=key))
