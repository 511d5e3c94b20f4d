"""Sends a newly made visitor id back as a signed cookie (see services.visitor_key)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .services import VISITOR_COOKIE, VISITOR_SALT

VISITOR_MAX_AGE = 365 * 24 * 3600


class VisitorCookieMiddleware:
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
