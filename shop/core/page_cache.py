"""Whole storefront pages cached for anonymous visitors, with holes filled per request.

Most traffic is anonymous browsing, and for an anonymous visitor a page differs from another
visitor's in a few places only: the CSRF token in its forms, and the holes other apps register
(orders registers the cart link in the header, with its count).
Django's ``cache_page`` cannot serve such a page (the CSRF token varies on the cookie), so
this renders the page once with markers in those places, caches that HTML, and on every request
swaps the markers for this visitor's token and cart link. A hit costs a cache read and two
string replacements instead of a template render and its queries.

Requests with flash messages waiting and anything but GET/HEAD are always rendered afresh, and
so are signed-in customers' unless the view says its page can be shared with them
(``signed_in=True``): then the copy is kept per audience (visitors, customers, staff: the
header's account menu differs), and what is the customer's own (their review form) are
``personal`` holes the view fills per request. The caller names what the page shows in
``key_parts`` (the product's own version, the recommendation row's key...), so a changed page
gets a new key; ``timeout`` bounds how stale anything not in the key may be. State that every
page shows and another app owns (promotions: which automatic promotions are live, shown in the
prices) is a registered key part (``register_key_part``), read on every request.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

# A plain token that survives HTML escaping unchanged, so it can stand in attribute values.
CSRF_HOLE = "csrf-hole-5b2c91e7d04a"
KEY_PREFIX = "page:v1:"

# name -> (marker, what fills it for this request). Templates find each marker in the context
# as ``<name>_hole`` and show it instead of rendering that part themselves.
_holes: dict[str, tuple[str, Callable[[HttpRequest], str]]] = {}
# name -> what every cached page's key also holds (keep it cheap: it runs on every request).
_key_parts: dict[str, Callable[[], object]] = {}


def _marker(name: str) -> str:
    return mark_safe(f"<!--{name}-hole-5b2c91e7d04a-->")


def register_hole(name: str, fill: Callable[[HttpRequest], str]) -> None:
    """Leave ``<name>_hole`` in cached pages; ``fill(request)`` is the HTML that replaces it
    on every request (keep it cheap: it runs on every cache hit)."""
    _holes[name] = (_marker(name), fill)


def register_key_part(name: str, part: Callable[[], object]) -> None:
    """Add ``part()`` to every cached page's key: pages that show state this app owns change
    as soon as it does (without it they could be stale for their whole ``timeout``)."""
    _key_parts[name] = part


def page_cacheable(request: HttpRequest, *, signed_in: bool = False) -> bool:
    """Whether the page this request asks for is the same for everyone of its audience
    (anonymous visitors; with ``signed_in``, also customers apart from the personal holes)."""
    if not settings.STOREFRONT_PAGE_CACHE or request.method not in ("GET", "HEAD"):
        return False
    if request.user.is_authenticated and not signed_in:
        return False
    # Counting does not consume the messages; the fresh render shows and consumes them.
    return len(get_messages(request)) == 0


def _audience(request: HttpRequest) -> str:
    user = request.user
    if not user.is_authenticated:
        return "visitor"
    return "staff" if user.is_staff else "customer"


def page_cache_key(request: HttpRequest, key_parts: Iterable[object]) -> str:
    raw = "\x1f".join(
        [
            get_language() or "",
            _audience(request),
            request.get_full_path(),
            *(str(part) for part in key_parts),
            *(f"{name}={part()}" for name, part in _key_parts.items()),
        ]
    )
    return KEY_PREFIX + hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()


def render_page(
    request: HttpRequest,
    template_name: str,
    context: Callable[[], dict[str, Any]],
    *,
    key_parts: Iterable[object],
    timeout: int,
    signed_in: bool = False,
    personal: Mapping[str, Callable[[], str]] | None = None,
) -> HttpResponse:
    """Render ``template_name`` with ``context()``, from the cache when the visitor allows it.

    ``context`` is a callable so that a cache hit skips the reads the page needs. With
    ``signed_in`` the page is cached for signed-in customers too; ``personal`` names holes
    (``<name>_hole`` in the template) whose HTML the callable makes per request, for anyone
    (render it with ``csrf_token`` as given in the context: the token is filled in after)."""
    personal = personal or {}
    if not page_cacheable(request, signed_in=signed_in):
        return render(request, template_name, context())
    key = page_cache_key(request, key_parts)
    html = cache.get(key)
    if not isinstance(html, str):
        html = render_to_string(
            template_name,
            {
                **context(),
                "csrf_token": CSRF_HOLE,
                **{f"{name}_hole": marker for name, (marker, _fill) in _holes.items()},
                **{f"{name}_hole": _marker(name) for name in personal},
            },
            request,
        )
        cache.set(key, html, timeout)
    for name, fill in personal.items():
        html = html.replace(_marker(name), fill())
    return HttpResponse(_fill_holes(request, html))


def _fill_holes(request: HttpRequest, html: str) -> str:
    if CSRF_HOLE in html:
        # get_token also makes the CSRF middleware set the cookie this token belongs to.
        html = html.replace(CSRF_HOLE, get_token(request))
    for marker, fill in _holes.values():
        if marker in html:
            html = html.replace(marker, fill(request))
    return html
