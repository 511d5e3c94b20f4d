"""What the shopper's session says about them: what they said "Not interested" to (every row
drops it and its close substitutes at once, with no query; the signal itself feeds the next
build); and, in the cache, what they viewed in this visit (the home row follows it)."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.cache import cache

from shop.catalogue.models import Product

from .rows import _neighbour_lists, serving_build

HIDDEN_SESSION_KEY = "recs:hidden"
HIDDEN_LIMIT = 120
SUBSTITUTES_HIDDEN = 4


def hidden_products(*, session: Mapping[str, object]) -> frozenset[int]:
    """What this shopper said "Not interested" to, with its close substitutes (no query: the
    session holds them)."""
    stored = session.get(HIDDEN_SESSION_KEY)
    if not isinstance(stored, list):
        return frozenset()
    return frozenset(pid for pid in stored if isinstance(pid, int))


def close_substitutes(*, product_id: int) -> list[int]:
    """The product's nearest neighbours of its own product type in the serving build: what a
    shopper who is not interested in it is not interested in either."""
    build = serving_build()
    if build is None:
        return []
    lists = _neighbour_lists(build.id, [product_id])
    if product_id not in lists:
        return []
    ids = lists[product_id][0]
    kinds = dict(
        Product.objects.filter(pk__in=[product_id, *ids]).values_list("pk", "product_type_id")
    )
    own = kinds.get(product_id)
    if own is None or own in build.broad_types:
        return []
    return [pid for pid in ids if kinds.get(pid) == own][:SUBSTITUTES_HIDDEN]


RECENT_LIMIT = 12
RECENT_TTL = 2 * 3600  # about a visit


def recent_views_key(shopper: str) -> str:
    return f"recs:recent:{shopper}"


def recently_viewed(*, shopper: str) -> list[int]:
    """The products ``shopper`` ("u<id>" or "v<visitor key>") viewed in this visit, newest
    last. Kept in the cache, not the session: a browsing visitor gets no session row."""
    if not shopper:
        return []
    stored = cache.get(recent_views_key(shopper))
    if not isinstance(stored, list):
        return []
    return [pid for pid in stored if isinstance(pid, int)]
