"""Recommendation rows for the pages.

Every row is served from the cache when it can be, keyed by the serving build's version and the
shopper's state, so a new build or a purchase shows at once. On a miss a row costs two queries
whatever its length: one indexed read of the seeds' neighbour lists, one of the products.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from shop.catalogue.models import Product
from shop.catalogue.selectors import product_base_queryset
from shop.core.single_flight import cached_once

from ..engine.serving import Suggestion, diversify, score_from_neighbours
from ..models import Build, ItemNeighbours, PlacementStat

ROW_LENGTH = 8
CANDIDATES = ROW_LENGTH * 3  # room to drop unavailable items and diversify
ROW_TTL = 300
# How old a row may be when shown while another worker computes its new one.
ROW_STALE_TTL = 3600
# Columns of static/css/shop.css's .product-grid: phones, tablets, desktops.
GRID_COLUMNS = (2, 3, 4)
CURRENT_BUILD_KEY = "recs:current-build"
NO_BUILD = "none"  # cached too, so a shop without a build does not query on every page
Placement = PlacementStat.Placement


@dataclass(frozen=True)
class ServingBuild:
    id: int
    version: int
    trending: list[int] = field(default_factory=list)
    broad_types: frozenset[int] = frozenset()
    # "Buy it again": product id -> repurchase cycle in days.
    rebuy: dict[int, float] = field(default_factory=dict)


@dataclass(frozen=True)
class RecommendationRow:
    placement: str
    title: str
    products: list[Product]
    reasons: dict[int, str] = field(default_factory=dict)
    # The row's cache key: the page caches the rendered row under it too.
    key: str = ""

    @property
    def grid_fill(self) -> str:
        """Classes that hide the cards of a last, unfilled grid line at each width (the CSS
        grid has GRID_COLUMNS columns by width), so a row fills whole lines wherever it can."""
        n = len(self.products)
        return " ".join(f"cut-{c}-{n % c}" for c in GRID_COLUMNS if n > c and n % c)

    @property
    def items(self) -> list[tuple[Product, str]]:
        return [(product, self.reasons.get(product.pk, "")) for product in self.products]


def serving_build() -> ServingBuild | None:
    """The build pages use, from the cache (one query when it has to be read)."""
    cached = cache.get(CURRENT_BUILD_KEY)
    if isinstance(cached, ServingBuild):
        return cached
    if cached == NO_BUILD:
        return None
    build = (
        Build.objects.filter(is_current=True)
        .values("id", "version", "trending", "broad_type_ids", "rebuy_cycles")
        .first()
    )
    if build is None:
        cache.set(CURRENT_BUILD_KEY, NO_BUILD, 3600)
        return None
    serving = ServingBuild(
        build["id"],
        build["version"],
        list(build["trending"]),
        frozenset(build["broad_type_ids"]),
        {int(pid): float(days) for pid, days in (build["rebuy_cycles"] or {}).items()},
    )
    cache.set(CURRENT_BUILD_KEY, serving, 3600)
    return serving


def rows_deps() -> dict[str, object]:
    """The cache key every row's key follows (the serving build's), with its value now: what a
    page showing rows depends on (``shop.core.page_cache.Shared``)."""
    serving_build()
    return {CURRENT_BUILD_KEY: cache.get(CURRENT_BUILD_KEY)}


def user_state_key(user_id: int) -> str:
    return f"recs:user-state:{user_id}"


def _neighbour_lists(
    build_id: int, product_ids: Iterable[int], *, complements: bool = False
) -> dict[int, tuple[list[int], list[float]]]:
    """The products' neighbour lists, or with ``complements`` what was bought with them."""
    fields = ("complement_ids", "complement_scores") if complements else ("neighbour_ids", "scores")
    rows = ItemNeighbours.objects.filter(
        build_id=build_id, product_id__in=list(product_ids)
    ).values_list("product_id", *fields)
    return {pid: (ids, scores) for pid, ids, scores in rows}


def _assemble(
    placement: str,
    title: str,
    suggestions: Sequence[Suggestion],
    *,
    reason: Callable[[Product], str] | None = None,
    basket: Sequence[int] = (),
    broad_types: frozenset[int] = frozenset(),
    hidden: frozenset[int] = frozenset(),
    found: dict[int, Product] | None = None,
) -> RecommendationRow:
    """Fetch the suggested products (and the seeds, to name them in reasons) in one query
    (none when ``found`` holds them already: the home page fetches its rows' products at once).

    With a ``basket`` (the cart, or the product a page is about) the complement rules hold
    for the whole basket: nothing of a basket item's product type (unless the type is broad),
    and a suggestion no basket item argues for (``because`` -1: a top-up) no dearer than the
    dearest basket item."""
    wanted = [s.item for s in suggestions]
    seeds = {s.because for s in suggestions} if reason else set()
    if found is None:
        found = products_by_id([*wanted, *seeds, *basket])
    in_basket = [found[pid] for pid in basket if pid in found]
    basket_types = {p.product_type_id for p in in_basket} - broad_types
    cap = max((p.price for p in in_basket), default=None)
    unproven = {s.item for s in suggestions if s.because < 0}

    def allowed(product: Product) -> bool:
        if product.pk in hidden or product.pk in basket or product.product_type_id in basket_types:
            return False
        return cap is None or product.pk not in unproven or product.price <= cap

    available = [
        pid
        for pid in wanted
        if pid in found
        and found[pid].is_active
        and found[pid].stock_quantity > 0
        and allowed(found[pid])
    ]
    chosen = diversify(
        available, {pid: found[pid].category_id for pid in available}, limit=ROW_LENGTH
    )
    reasons: dict[int, str] = {}
    if reason is not None:
        because = {s.item: s.because for s in suggestions}
        for pid in chosen:
            seed = found.get(because[pid])
            if seed is not None:
                reasons[pid] = reason(seed)
    return RecommendationRow(placement, title, [found[pid] for pid in chosen], reasons)


def products_by_id(ids: Iterable[int]) -> dict[int, Product]:
    """The products of a row (or of several), in one query."""
    return {p.pk: p for p in Product.objects.filter(pk__in=list(ids)).select_related("category")}


def _cached(key: str, compute: Callable[[], RecommendationRow]) -> RecommendationRow:
    """The row under ``key`` ("recs:<build version>:..."), computed by one worker at a time
    after a new build or an expiry: the others show the row as the last build made it."""
    _prefix, _version, rest = key.split(":", 2)
    return cached_once(
        key=key,
        stale_key=f"recs:latest:{rest}",
        compute=lambda: replace(compute(), key=key),
        timeout=ROW_TTL,
        stale_timeout=ROW_STALE_TTL,
    )


def _popular_fallback(
    placement: str,
    title: str,
    *,
    exclude: Iterable[int] = (),
    category_id: int | None = None,
    hidden: frozenset[int] = frozenset(),
) -> RecommendationRow:
    queryset = (
        product_base_queryset().filter(stock_quantity__gt=0).exclude(pk__in=[*exclude, *hidden])
    )
    if category_id is not None:
        queryset = queryset.filter(category_id=category_id)
    products = list(queryset.order_by("-popularity", "id")[:CANDIDATES])
    chosen = diversify(
        [p.pk for p in products], {p.pk: p.category_id for p in products}, limit=ROW_LENGTH
    )
    by_id = {p.pk: p for p in products}
    return RecommendationRow(placement, title, [by_id[pid] for pid in chosen])


def _ids_key(tag: str, ids: Sequence[int]) -> str:
    """A part of a row's cache key naming the shopper's own ids, in their order."""
    if not ids:
        return ""
    return f":{tag}" + hashlib.sha1(",".join(map(str, ids)).encode()).hexdigest()[:12]


def _hidden_key(hidden: frozenset[int]) -> str:
    """The part of a row's cache key that names what the shopper said "Not interested" to."""
    return _ids_key("h", sorted(hidden))


def _disabled(placement: str) -> RecommendationRow | None:
    """An empty row when staff switched recommendations off (RECOMMENDATIONS_ENABLED)."""
    return None if settings.RECOMMENDATIONS_ENABLED else RecommendationRow(placement, "", [])


def row_for_product(*, product: Product, hidden: frozenset[int] = frozenset()) -> RecommendationRow:
    """ "Similar items": the product's neighbours (co-viewed, co-liked, alike in text)."""
    if (off := _disabled(Placement.PRODUCT)) is not None:
        return off
    build = serving_build()
    title = _("Similar items")

    def compute() -> RecommendationRow:
        if build is None:
            return _popular_fallback(
                Placement.PRODUCT,
                _("Similar items"),
                exclude=[product.pk],
                category_id=product.category_id,
                hidden=hidden,
            )
        lists = _neighbour_lists(build.id, [product.pk])
        ranked = score_from_neighbours({product.pk: 1.0}, lists, limit=CANDIDATES)
        return _assemble(Placement.PRODUCT, title, ranked, hidden=hidden)

    version = build.version if build else 0
    return _cached(f"recs:{version}:product:{product.pk}{_hidden_key(hidden)}", compute)


def row_for_product_together(
    *, product: Product, hidden: frozenset[int] = frozenset()
) -> RecommendationRow:
    """'Frequently bought together': the product's complements from orders and carts. Empty
    without a build or evidence: the row claims what the data shows, never popularity."""
    if (off := _disabled(Placement.PRODUCT_TOGETHER)) is not None:
        return off
    build = serving_build()
    title = _("Frequently bought together")

    def compute() -> RecommendationRow:
        if build is None:
            return RecommendationRow(Placement.PRODUCT_TOGETHER, title, [])
        lists = _neighbour_lists(build.id, [product.pk], complements=True)
        ranked = score_from_neighbours({product.pk: 1.0}, lists, limit=CANDIDATES)
        return _assemble(
            Placement.PRODUCT_TOGETHER,
            title,
            ranked,
            basket=[product.pk],
            broad_types=build.broad_types,
            hidden=hidden,
        )

    version = build.version if build else 0
    return _cached(f"recs:{version}:together:{product.pk}{_hidden_key(hidden)}", compute)


def row_for_cart(
    *, product_ids: Sequence[int], hidden: frozenset[int] = frozenset()
) -> RecommendationRow:
    """'Complete your order': what was bought in the same baskets as the cart's items,
    combined; never a product of a cart item's type, never dearer than the dearest cart item
    unless bought with it often enough (the build's complement lists)."""
    return _basket_row(Placement.CART, _("Complete your order"), product_ids, hidden)


def row_for_order(
    *, product_ids: Sequence[int], hidden: frozenset[int] = frozenset()
) -> RecommendationRow:
    """The order page's 'Goes with your order': the cart's rules, for what was ordered."""
    return _basket_row(Placement.ORDER, _("Goes with your order"), product_ids, hidden)


def _basket_row(
    placement: str, title: str, product_ids: Sequence[int], hidden: frozenset[int]
) -> RecommendationRow:
    if (off := _disabled(placement)) is not None:
        return off
    build = serving_build()
    basket = sorted(set(product_ids))

    def compute() -> RecommendationRow:
        if build is None or not basket:
            return _popular_fallback(placement, title, exclude=basket, hidden=hidden)
        lists = _neighbour_lists(build.id, basket, complements=True)
        ranked = score_from_neighbours(dict.fromkeys(basket, 1.0), lists, limit=CANDIDATES)
        # Too little evidence fills the row from what is trending, under the same rules and
        # with no reason shown (nothing in the basket argues for them).
        listed = {s.item for s in ranked} | set(basket)
        top_up = [Suggestion(pid, 0.0, -1) for pid in build.trending if pid not in listed]
        return _assemble(
            placement,
            title,
            [*ranked, *top_up[:CANDIDATES]],
            reason=lambda seed: _("Often bought with %(title)s") % {"title": seed.title},
            basket=basket,
            broad_types=build.broad_types,
            hidden=hidden,
        )

    version = build.version if build else 0
    digest = _ids_key("b", basket)
    return _cached(f"recs:{version}:{placement}{digest}{_hidden_key(hidden)}", compute)
