"""The home page's row: personal from the customer's history and this visit's views (so it
follows the visit without a rebuild), else what is trending."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from shop.accounts.models import User
from shop.catalogue.models import Product

from ..engine.interactions import SignalWeights
from ..engine.serving import Suggestion, score_from_neighbours
from ..models import Interaction, ItemNeighbours
from .rows import (
    CANDIDATES,
    ROW_TTL,
    Placement,
    RecommendationRow,
    ServingBuild,
    _assemble,
    _cached,
    _disabled,
    _hidden_key,
    _ids_key,
    _neighbour_lists,
    _popular_fallback,
    serving_build,
    user_state_key,
)

HISTORY_DAYS = 180
HISTORY_LIMIT = 60
# A view in this visit says more about what the shopper wants now than one of last month; the
# newest counts most.
LIVE_VIEW_BOOST = 2.0
LIVE_VIEW_DECAY = 0.8


def _trending(build: ServingBuild | None, hidden: frozenset[int]) -> RecommendationRow:
    title = _("Trending now")

    def compute() -> RecommendationRow:
        if build is None or not build.trending:
            return _popular_fallback(Placement.HOME_TRENDING, title, hidden=hidden)
        ranked = [Suggestion(pid, 1.0, -1) for pid in build.trending[:CANDIDATES]]
        return _assemble(Placement.HOME_TRENDING, title, ranked, hidden=hidden)

    version = build.version if build else 0
    return _cached(f"recs:{version}:trending{_hidden_key(hidden)}", compute)


def _personal(
    build: ServingBuild, user: User | None, hidden: frozenset[int], recent: Sequence[int]
) -> RecommendationRow | None:
    """From the customer's stored signals (one query, their neighbour lists joined) and this
    visit's views (``recent``, newest last: a visitor's only signals; for a customer already
    stored, they weigh more while the visit lasts), then the products (one more query)."""
    weights = SignalWeights()
    seeds: dict[int, float] = {}
    lists: dict[int, tuple[list[int], list[float]]] = {}
    bought: set[int] = set()
    dismissed: set[int] = set()
    if user is not None:
        for product_id, ids, scores, kind, value in _history(build, user):
            lists[product_id] = (ids, scores)
            seeds[product_id] = seeds.get(product_id, 0.0) + _signal_weight(weights, kind, value)
            if kind == Interaction.Kind.PURCHASE:
                bought.add(product_id)
            elif kind == Interaction.Kind.DISMISS:
                dismissed.add(product_id)
    # A customer's views are stored at once, so theirs are in the history already; a
    # visitor's are read here (their one query before the products').
    missing = [pid for pid in recent if pid not in lists]
    if missing:
        lists.update(_neighbour_lists(build.id, missing))
    for age, product_id in enumerate(reversed(recent)):
        live = weights.view * LIVE_VIEW_BOOST * LIVE_VIEW_DECAY**age
        seeds[product_id] = seeds.get(product_id, 0.0) + live
    for product_id in dismissed:
        seeds.pop(product_id, None)
    if not seeds:
        return None
    ranked = score_from_neighbours(
        seeds, lists, exclude=bought | dismissed | set(recent), limit=CANDIDATES
    )
    if not ranked:
        return None

    def reason(seed: Product) -> str:
        if seed.pk in bought:
            return _("Because you bought %(title)s") % {"title": seed.title}
        if seed.pk in recent:
            return _("Because you viewed %(title)s") % {"title": seed.title}
        return _("Because you looked at %(title)s") % {"title": seed.title}

    return _assemble(
        Placement.HOME_PERSONAL, _("Recommended for you"), ranked, reason=reason, hidden=hidden
    )


def _history(
    build: ServingBuild, user: User
) -> list[tuple[int, list[int], list[float], str, float]]:
    """The customer's signals of the last HISTORY_DAYS, newest first, each joined to the
    product's neighbour list in the build: one query."""
    cutoff = timezone.now() - timedelta(days=HISTORY_DAYS)
    return list(
        ItemNeighbours.objects.filter(
            build_id=build.id,
            product__interactions__user=user,
            product__interactions__created_at__gte=cutoff,
        )
        .order_by("-product__interactions__created_at")
        .values_list(
            "product_id",
            "neighbour_ids",
            "scores",
            "product__interactions__kind",
            "product__interactions__weight",
        )[:HISTORY_LIMIT]
    )


def _signal_weight(weights: SignalWeights, kind: str, value: float) -> float:
    """How much one past signal says about taste: its kind's weight, scaled by stars."""
    weight = weights.kind_weight(kind) or 0.0
    if kind == Interaction.Kind.RATING:
        span = weights.rating_max - weights.rating_floor
        return weight * max(value - weights.rating_floor, 0.0) / span  # low stars: "not this"
    return weight


def row_for_home(
    *,
    user: User | None,
    hidden: frozenset[int] = frozenset(),
    recent: Sequence[int] = (),
) -> RecommendationRow:
    """'Recommended for you' for customers with history and for visitors who looked at
    something in this visit; 'Trending now' for everyone else. ``hidden``: what the shopper
    said "Not interested" to (``hidden_products``); ``recent``: this visit's product views,
    newest last (``recently_viewed``), so the row follows the visit as it goes, no rebuild
    needed."""
    if (off := _disabled(Placement.HOME_TRENDING)) is not None:
        return off
    build = serving_build()
    recent = [pid for pid in recent if pid not in hidden]
    if build is not None and (user is not None or recent):
        who = f"user:{user.pk}:{cache.get(user_state_key(user.pk), 0)}" if user else "visit"
        key = f"recs:{build.version}:{who}{_ids_key('r', recent)}{_hidden_key(hidden)}"
        row = cache.get(key)
        if row is None:
            personal = _personal(build, user, hidden, recent)
            row = replace(personal, key=key) if personal else False
            cache.set(key, row, ROW_TTL)
        if row and row.products:
            return row
    return _trending(build, hidden)
