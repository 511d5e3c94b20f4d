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

Finding that key costs the view its reads first (the product's version, the recommendation
rows, the key parts: a cache round trip each). So a page is also kept under a *shared* key made
from the request alone (``Shared.parts``: the country, what the shopper hid...), with the cache
keys its data was read under and their values at that moment (``Shared.deps``). A hit
(``shared_page``) is one ``get_many`` of the entry and those keys (the worker remembers which
keys each entry names), and serves the page only when every value is still the same: a write
that replaces a version makes the next request take the full path. Registered key parts say
which keys they follow and until when their value holds (``register_key_part(deps=...)``);
without that a page gets no shared copy.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

# A plain token that survives HTML escaping unchanged, so it can stand in attribute values.
CSRF_HOLE = "csrf-hole-5b2c91e7d04a"
KEY_PREFIX = "page:v1:"
SHARED_PREFIX = "page:shared:v1:"

# name -> (marker, what fills it for this request). Templates find each marker in the context
# as ``<name>_hole`` and show it instead of rendering that part themselves.
_holes: dict[str, tuple[str, Callable[[HttpRequest], str]]] = {}
# name -> what every cached page's key also holds (keep it cheap: it runs on every request).
_key_parts: dict[str, Callable[[], object]] = {}
# name -> the cache keys (with their values now) the key part follows, and until when (epoch
# seconds by ``timezone.now()``, or None) its value holds whatever those keys say.
KeyDeps = tuple[Mapping[str, object], float | None]
_key_deps: dict[str, Callable[[], KeyDeps]] = {}
# The dependency keys each shared entry named when this worker last read or wrote it, so a hit
# reads them in the same round trip as the entry (bounded: forgotten wholesale when full).
_known_deps: dict[str, tuple[str, ...]] = {}
KNOWN_DEPS_LIMIT = 10_000


def _marker(name: str) -> str:
    return mark_safe(f"<!--{name}-hole-5b2c91e7d04a-->")


def register_hole(name: str, fill: Callable[[HttpRequest], str]) -> None:
    """Leave ``<name>_hole`` in cached pages; ``fill(request)`` is the HTML that replaces it
    on every request (keep it cheap: it runs on every cache hit)."""
    _holes[name] = (_marker(name), fill)


def register_key_part(
    name: str, part: Callable[[], object], *, deps: Callable[[], KeyDeps] | None = None
) -> None:
    """Add ``part()`` to every cached page's key: pages that show state this app owns change
    as soon as it does (without it they could be stale for their whole ``timeout``).
    ``deps()`` names the cache keys ``part()`` follows, with their current values, and until
    when the value holds; without it no page gets a shared copy (see the module's doc)."""
    _key_parts[name] = part
    if deps is not None:
        _key_deps[name] = deps
    else:
        _key_deps.pop(name, None)


@dataclass(frozen=True)
class Shared:
    """A page's shared key and what checks it: ``parts`` (beyond the language, the audience and
    the address) come from the request alone; ``deps`` are the cache keys the page's data was
    read under, with the values they had *before* it was read (a write after that replaces one,
    so the copy is not served again); ``meta`` is what the view needs on a hit (what the page
    shows that it records: rows shown, the product viewed)."""

    parts: tuple[object, ...]
    deps: Mapping[str, object] = field(default_factory=dict)
    meta: object = None


@dataclass(frozen=True)
class SharedHit:
    html: str
    meta: object


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


def _request_key(prefix: str, request: HttpRequest, parts: Iterable[object]) -> str:
    """``prefix`` and a digest of the language, the audience, the address and ``parts``."""
    base = [get_language() or "", _audience(request), request.get_full_path()]
    raw = "\x1f".join([*base, *(str(part) for part in parts)])
    return prefix + hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()


def page_cache_key(request: HttpRequest, key_parts: Iterable[object]) -> str:
    registered = (f"{name}={part()}" for name, part in _key_parts.items())
    return _request_key(KEY_PREFIX, request, [*key_parts, *registered])


def _shared_key(request: HttpRequest, parts: Iterable[object]) -> str:
    return _request_key(SHARED_PREFIX, request, parts)


def _remember_deps(key: str, deps: Iterable[str]) -> None:
    if len(_known_deps) >= KNOWN_DEPS_LIMIT:
        _known_deps.clear()
    _known_deps[key] = tuple(deps)


def shared_page(
    request: HttpRequest, *, parts: Iterable[object], signed_in: bool = False
) -> SharedHit | None:
    """The page under its shared key (``Shared``), when it is there and every key it depends
    on still holds the value it was read with; None sends the view down its full path.
    Usually one cache round trip (two the first time a worker meets the entry)."""
    if not page_cacheable(request, signed_in=signed_in):
        return None
    key = _shared_key(request, parts)
    known = _known_deps.get(key, ())
    found = cache.get_many([key, *known])
    entry = found.get(key)
    if not (isinstance(entry, tuple) and len(entry) == 4):
        return None
    html, deps, until, meta = entry
    if not isinstance(html, str) or not isinstance(deps, dict):
        return None
    if until is not None and timezone.now().timestamp() >= until:
        return None
    if tuple(deps) != known:
        _remember_deps(key, deps)
        found = cache.get_many(list(deps)) if deps else {}
    if any(found.get(name) != value for name, value in deps.items()):
        return None
    return SharedHit(html, meta)


def _key_part_deps() -> KeyDeps | None:
    """What the registered key parts follow, read now (before the page's data); None when one
    of them cannot say (no page then gets a shared copy)."""
    if set(_key_deps) != set(_key_parts):
        return None
    deps: dict[str, object] = {}
    until: float | None = None
    for read in _key_deps.values():
        keys, holds_until = read()
        deps.update(keys)
        if holds_until is not None:
            until = holds_until if until is None else min(until, holds_until)
    return deps, until


def page_response(
    request: HttpRequest, html: str, personal: Mapping[str, Callable[[], str]] | None = None
) -> HttpResponse:
    """The cached ``html`` with this request's personal holes and registered holes filled."""
    for name, fill in (personal or {}).items():
        html = html.replace(_marker(name), fill())
    return HttpResponse(_fill_holes(request, html))


def render_page(
    request: HttpRequest,
    template_name: str,
    context: Callable[[], dict[str, Any]],
    *,
    key_parts: Iterable[object],
    timeout: int,
    signed_in: bool = False,
    personal: Mapping[str, Callable[[], str]] | None = None,
    shared: Shared | None = None,
) -> HttpResponse:
    """Render ``template_name`` with ``context()``, from the cache when the visitor allows it.

    ``context`` is a callable so that a cache hit skips the reads the page needs. With
    ``signed_in`` the page is cached for signed-in customers too; ``personal`` names holes
    (``<name>_hole`` in the template) whose HTML the callable makes per request, for anyone
    (render it with ``csrf_token`` as given in the context: the token is filled in after).
    With ``shared`` the page is also kept under its shared key (see ``shared_page``)."""
    personal = personal or {}
    if not page_cacheable(request, signed_in=signed_in):
        return render(request, template_name, context())
    # Read before the key and the page's data, like the view's own ``shared.deps``.
    part_deps = _key_part_deps() if shared is not None else None
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
    if shared is not None and part_deps is not None:
        extra, until = part_deps
        deps = {**shared.deps, **extra}
        shared_key = _shared_key(request, shared.parts)
        cache.set(shared_key, (html, deps, until, shared.meta), timeout)
        _remember_deps(shared_key, deps)
    return page_response(request, html, personal)


def _fill_holes(request: HttpRequest, html: str) -> str:
    if CSRF_HOLE in html:
        # get_token also makes the CSRF middleware set the cookie this token belongs to.
        html = html.replace(CSRF_HOLE, get_token(request))
    for marker, fill in _holes.values():
        if marker in html:
            html = html.replace(marker, fill(request))
    return html
