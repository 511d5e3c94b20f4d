"""Throttles whose rates come from the environment (see settings ``REST_FRAMEWORK``)."""

from __future__ import annotations

from typing import Any

from rest_framework.throttling import ScopedRateThrottle, SimpleRateThrottle


class LoginRateThrottle(SimpleRateThrottle):
    """Token logins per client address: slows password guessing through the API."""

    scope = "login"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class ChatUserRateThrottle(SimpleRateThrottle):
    """Chat messages per signed-in user (or per address for visitors)."""

    scope = "chat"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        ident = request.user.pk if request.user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class ChatIPRateThrottle(SimpleRateThrottle):
    """Chat messages per address, whoever is signed in: one machine cannot flood the bot."""

    scope = "chat"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        return self.cache_format % {"scope": "chat-ip", "ident": self.get_ident(request)}


__all__ = [
    "ChatIPRateThrottle",
    "ChatUserRateThrottle",
    "LoginRateThrottle",
    "ScopedRateThrottle",
]
