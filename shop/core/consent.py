"""The visitor's cookie choice: necessary cookies only, or analytics as well.

Necessary are the cookies the shop cannot work without: the session, the CSRF token, the country
chosen, and the visitor cookie (``visitor.py``) once the visitor has a cart or a chat. Analytics
is what only serves us: recording an anonymous visitor's product views under that visitor cookie
(for "Recommended for you" and the view signals of the recommendations), which also means giving
a visitor who only browses a visitor cookie at all. Without the choice "analytics", an anonymous
view is not recorded (interactions need an identifier) and browsing sets no cookie. Counts that
carry no identifier (recommendation impressions and clicks per placement and day, search counts)
need no consent.

Signed-in customers' views belong to their account (privacy page: legitimate interest, in the
data download, deleted with the account); the choice is about this browser's anonymous id.

The banner is a page-cache hole (``page_cache.register_hole``): a cached page carries a marker,
filled per request with the banner or nothing, so no visitor's choice is baked into it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from . import events
from .visitor import visitor_key

CONSENT_COOKIE = "consent"
NECESSARY = "necessary"
ANALYTICS = "analytics"
CHOICES = (NECESSARY, ANALYTICS)
# A choice is asked again after six months (the CNIL's guidance for how long to keep one).
CONSENT_MAX_AGE = 183 * 24 * 3600
# The banner differs between requests only in its return address and CSRF token, so a worker
# renders it once per language with these in their place (a render per page cost about 1 ms).
_NEXT, _TOKEN = "consent-next-5b2c91e7d04a", "consent-token-5b2c91e7d04a"
_banners: dict[str, str] = {}


def consent_choice(request: HttpRequest) -> str:
    """``"necessary"``, ``"analytics"`` or ``""`` when the visitor has not chosen yet."""
    value = request.COOKIES.get(CONSENT_COOKIE, "")
    return value if value in CHOICES else ""


def analytics_allowed(request: HttpRequest) -> bool:
    return consent_choice(request) == ANALYTICS


def consent_remember(response: HttpResponse, *, choice: str) -> None:
    response.set_cookie(
        CONSENT_COOKIE,
        choice,
        max_age=CONSENT_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


@dataclass(frozen=True)
class AnalyticsDeclined:
    """The visitor chose necessary cookies only: the apps forget what they noted under this
    browser's anonymous id (a customer's account history is not the cookie's)."""

    visitor_key: str


def consent_announce(request: HttpRequest, *, choice: str) -> None:
    """Tell the apps that keep a visitor's history when they chose necessary cookies only."""
    key = visitor_key(request, create=False)
    if choice == NECESSARY and key:
        events.publish(AnalyticsDeclined(visitor_key=key))


def consent_banner(request: HttpRequest) -> SafeString | str:
    """The first-visit choice, or nothing once the visitor has made one (the page-cache hole)."""
    if consent_choice(request) or request.path.startswith("/cookies/"):
        return ""
    language = get_language() or ""
    html = _banners.get(language)
    if html is None:
        # Not with the request: its context processors (the cart, the navigation...) would
        # run again for a form that needs only the token.
        html = render_to_string(
            "includes/consent_banner.html", {"next": _NEXT, "csrf_token": _TOKEN}
        )
        if not settings.DEBUG:  # while developing, an edited template shows at once
            _banners[language] = html
    # Safe: the template's own output, with an escaped address and an alphanumeric token put in
    # (str.replace returns a plain str, which the page's template would escape again).
    filled = html.replace(_NEXT, escape(request.get_full_path())).replace(
        _TOKEN, get_token(request)
    )
    return mark_safe(filled)


def tracked_visitor_key(request: HttpRequest, *, create: bool = False) -> str:
    """The anonymous visitor's id where they allowed analytics, else "" (events then carry no
    identifier). ``create`` gives a consenting visitor their cookie on the spot."""
    return visitor_key(request, create=create) if analytics_allowed(request) else ""
