"""The home page's rows: personal from the customer's history and this visit's views (so it
follows the visit without a rebuild), else what is trending; what the customer rebuys, due
again ("Buy it again"); this visit's views ("Recently viewed")."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from shop.accounts.models import User
from shop.catalogue.models import Product

from ..engine.interactions import SignalWeights
from ..engine.rebuys import due_again
from ..engine.serving import Suggestion, score_from_neighbours
from ..models import Interaction, ItemNeighbours
from .feedback import recent_views_key
from .rows import (
    CANDIDATES,
    ROW_LENGTH,
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
    products_by_id,
    rows_deps,
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


@dataclass(frozen=True)
class HomeRows:
    """The home page's rows, each its own list and none repeating another's products: the
    main row ("Recommended for you", else "Trending now"), "Buy it again" and "Recently
    viewed" (these two empty when there is nothing to show)."""

    main: RecommendationRow
    again: RecommendationRow | None = None
    recent: RecommendationRow | None = None

    @property
    def rows(self) -> list[RecommendationRow]:
        return [row for row in (self.main, self.again, self.recent) if row and row.products]


def _personal(
    build: ServingBuild, user: User | None, hidden: frozenset[int], recent: Sequence[int]
) -> HomeRows | None:
    """From the customer's stored signals (one query, their neighbour lists joined) and this
    visit's views (``recent``, newest last: a visitor's only signals; for a customer already
    stored, they weigh more while the visit lasts), then the products of every row (one more
    query): what they rebuy that is due again, what they viewed, what the signals suggest."""
    weights = SignalWeights()
    seeds: dict[int, float] = {}
    lists: dict[int, tuple[list[int], list[float]]] = {}
    bought: set[int] = set()
    dismissed: set[int] = set()
    last_bought: dict[int, float] = {}
    now = timezone.now()
    if user is not None:
        for product_id, ids, scores, kind, value, at in _history(build, user):
            lists[product_id] = (ids, scores)
            seeds[product_id] = seeds.get(product_id, 0.0) + _signal_weight(weights, kind, value)
            if kind == Interaction.Kind.PURCHASE:
                bought.add(product_id)
                last_bought.setdefault(product_id, (now - at).total_seconds() / 86400)
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
    again = _due_again(build, last_bought, hidden | dismissed)
    viewed = [pid for pid in reversed(recent) if pid not in again and pid not in dismissed]
    ranked = score_from_neighbours(
        seeds, lists, exclude=bought | dismissed | set(recent), limit=CANDIDATES
    )
    found = products_by_id(
        [*(s.item for s in ranked), *(s.because for s in ranked), *again, *viewed]
    )

    def reason(seed: Product) -> str:
        if seed.pk in bought:
            return _("Because you bought %(title)s") % {"title": seed.title}
        if seed.pk in recent:
            return _("Because you viewed %(title)s") % {"title": seed.title}
        return _("Because you looked at %(title)s") % {"title": seed.title}

    main = _assemble(
        Placement.HOME_PERSONAL,
        _("Recommended for you"),
        ranked,
        reason=reason,
        hidden=hidden,
        found=found,
    )
    cycles = {pid: build.rebuy[pid] for pid in again}
    return HomeRows(
        main,
        _listed(
            Placement.HOME_AGAIN,
            _("Buy it again"),
            again,
            found,
            lambda pid: _("You buy it about every %(days)d days") % {"days": round(cycles[pid])},
        ),
        _listed(Placement.HOME_RECENT, _("Recently viewed"), viewed, found),
    )


def _due_again(
    build: ServingBuild, last_bought: dict[int, float], hidden: frozenset[int] | set[int]
) -> list[int]:
    """What the customer rebuys and is due again, the most overdue first: products of the
    kinds people rebuy (the build's cycles) whose cycle has mostly passed."""
    due = [
        (days / build.rebuy[pid], pid)
        for pid, days in last_bought.items()
        if pid in build.rebuy and pid not in hidden and due_again(days, build.rebuy[pid])
    ]
    return [pid for _share, pid in sorted(due, reverse=True)]


def _listed(
    placement: str,
    title: str,
    ids: Sequence[int],
    found: dict[int, Product],
    reason: Callable[[int], str] | None = None,
) -> RecommendationRow:
    """A row of these products as they are (a list, not a ranking), those still on sale."""
    products = [
        found[pid]
        for pid in ids
        if pid in found and found[pid].is_active and found[pid].stock_quantity > 0
    ][:ROW_LENGTH]
    reasons = {p.pk: reason(p.pk) for p in products} if reason else {}
    return RecommendationRow(placement, title, products, reasons)


def _history(
    build: ServingBuild, user: User
) -> list[tuple[int, list[int], list[float], str, float, datetime]]:
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
            "product__interactions__created_at",
        )[:HISTORY_LIMIT]
    )


def _signal_weight(weights: SignalWeights, kind: str, value: float) -> float:
    """How much one past signal says about taste: its kind's weight, scaled by stars."""
    weight = weights.kind_weight(kind) or 0.0
    if kind == Interaction.Kind.RATING:
        span = weights.rating_max - weights.rating_floor
        return weight * max(value - weights.rating_floor, 0.0) / span  # low stars: "not this"
    return weight


def home_rows_deps(*, user_id: int | None, shopper: str) -> dict[str, object]:
    """What the home rows of this shopper (``rows_for_home``) follow, with the values now: the
    serving build, the customer's state (a purchase, a rating) and this visit's views."""
    deps = rows_deps()
    keys = [user_state_key(user_id)] if user_id is not None else []
    keys += [recent_views_key(shopper)] if shopper else []
    found = cache.get_many(keys) if keys else {}
    return {**deps, **{key: found.get(key) for key in keys}}


def row_for_home(
    *,
    user: User | None,
    hidden: frozenset[int] = frozenset(),
    recent: Sequence[int] = (),
) -> RecommendationRow:
    """The home page's main row (see ``rows_for_home``)."""
    return rows_for_home(user=user, hidden=hidden, recent=recent).main


def rows_for_home(
    *,
    user: User | None,
    hidden: frozenset[int] = frozenset(),
    recent: Sequence[int] = (),
) -> HomeRows:
    """'Recommended for you' for customers with history and for visitors who looked at
    something in this visit, 'Trending now' for everyone else; beside it 'Buy it again' (what
    the customer rebuys, due again) and 'Recently viewed' (this visit's views). ``hidden``:
    what the shopper said "Not interested" to (``hidden_products``); ``recent``: this visit's
    product views, newest last (``recently_viewed``), so the rows follow the visit as it goes,
    no rebuild needed. Cached per shopper state: two queries on a miss, none on a hit."""
    if (off := _disabled(Placement.HOME_TRENDING)) is not None:
        return HomeRows(off)
    build = serving_build()
    recent = [pid for pid in recent if pid not in hidden]
    rows: HomeRows | None = None
    if build is not None and (user is not None or recent):
        who = f"user:{user.pk}:{cache.get(user_state_key(user.pk), 0)}" if user else "visit"
        key = f"recs:{build.version}:{who}{_ids_key('r', recent)}{_hidden_key(hidden)}"
        cached = cache.get(key)
        if cached is None:
            personal = _personal(build, user, hidden, recent)
            cached = _keyed(personal, key) if personal else False
            cache.set(key, cached, ROW_TTL)
        rows = cached or None
    if rows is not None and rows.main.products:
        return rows
    trending = _trending(build, hidden)
    if rows is None:
        return HomeRows(trending)
    # Nothing to suggest from, but something to list: trending without the listed products.
    listed = {p.pk for row in rows.rows for p in row.products}
    kept = [p for p in trending.products if p.pk not in listed]
    main = replace(trending, products=kept, key=trending.key + _ids_key("x", sorted(listed)))
    return HomeRows(main, rows.again, rows.recent)


def _keyed(rows: HomeRows, key: str) -> HomeRows:
    """Each row with its own cache key (the page caches each rendered row under it)."""
    return HomeRows(
        replace(rows.main, key=key),
        replace(rows.again, key=f"{key}:again") if rows.again else None,
        replace(rows.recent, key=f"{key}:recent") if rows.recent else None,
    )
