"""Facets with counts for a listing or a search: category, brand, price band, rating, in
stock, colour and size (the variants' options). Each group counts the products that match
everything chosen except that group's own choice, so a shopper sees what picking another
value would give, and every link keeps the other choices."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from shop.catalogue.models import Product, VariantOption
from shop.catalogue.selectors import category_tree

# (min, max) of each band; None is open.
PRICE_BANDS: tuple[tuple[Decimal | None, Decimal | None], ...] = (
    (None, Decimal("25")),
    (Decimal("25"), Decimal("50")),
    (Decimal("50"), Decimal("100")),
    (Decimal("100"), Decimal("250")),
    (Decimal("250"), None),
)
RATINGS = (4, 3, 2)
OPTION_FACETS = (("colour", _("Colour")), ("size", _("Size")))
BRAND_LIMIT = 12
OPTION_LIMIT = 16
CATEGORY_LIMIT = 12

# Which query parameters belong to which group (a group's counts ignore its own).
GROUP_PARAMS = {
    "category": ("category",),
    "brand": ("brand",),
    "price": ("min_price", "max_price"),
    "rating": ("min_rating",),
    "stock": ("in_stock",),
    "colour": ("colour",),
    "size": ("size",),
}


@dataclass(frozen=True)
class FacetValue:
    label: str
    count: int
    url: str
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue] = field(default_factory=list)
    clear_url: str | None = None  # when something in the group is chosen


def _url(params: QueryDict, set_: dict[str, list[str]], drop: tuple[str, ...]) -> str:
    query = params.copy()
    query.pop("page", None)
    for name in drop:
        query.pop(name, None)
    for name, values in set_.items():
        query.setlist(name, values)
    return "?" + query.urlencode()


def _toggle(params: QueryDict, name: str, value: str) -> tuple[str, bool]:
    chosen = params.getlist(name)
    selected = value in chosen
    values = [v for v in chosen if v != value] if selected else [*chosen, value]
    return _url(params, {name: values}, ()), selected


def _band_label(low: Decimal | None, high: Decimal | None) -> str:
    if low is None:
        return str(_("Under %(high)s") % {"high": high})
    if high is None:
        return str(_("%(low)s and above") % {"low": low})
    return f"{low} - {high}"


def option_filter(queryset: QuerySet[Product], attribute: str, slugs: list[str]) -> QuerySet:
    """Products with an active variant having one of ``slugs`` as its ``attribute`` option."""
    if not slugs:
        return queryset
    products = VariantOption.objects.filter(
        value__attribute__slug=attribute, value__slug__in=slugs, variant__is_active=True
    ).values("variant__product_id")
    return queryset.filter(pk__in=products)


def listing_facets(
    params: QueryDict,
    matching: Callable[[tuple[str, ...]], QuerySet[Product]],
    *,
    fixed_category: bool = False,
) -> list[Facet]:
    """The facet groups for the listing ``params`` ask for; ``matching(ignored)`` is the
    listing's products with the parameters ``ignored`` left out."""
    cache: dict[tuple[str, ...], QuerySet[Product]] = {}

    def products(group: str) -> QuerySet[Product]:
        ignored = tuple(p for p in GROUP_PARAMS[group] if params.get(p))
        if ignored not in cache:
            cache[ignored] = matching(ignored).order_by()
        return cache[ignored]

    facets: list[Facet] = []
    tree = category_tree()
    if not fixed_category:
        facet = Facet("category", str(_("Category")))
        rows = products("category").values("category_id").annotate(n=Count("id")).order_by("-n")
        for row in rows[:CATEGORY_LIMIT]:
            node = tree.by_id.get(row["category_id"])
            if node is None:
                continue
            selected = params.get("category") == node.slug
            url = _url(params, {} if selected else {"category": [node.slug]}, ("category",))
            facet.values.append(FacetValue(node.name, row["n"], url, selected))
        if params.get("category"):
            facet.clear_url = _url(params, {}, ("category",))
        facets.append(facet)

    facet = Facet("brand", str(_("Brand")))
    brand_rows = (
        products("brand").exclude(brand="").values("brand").annotate(n=Count("id")).order_by("-n")
    )
    for brand_row in brand_rows[:BRAND_LIMIT]:
        url, selected = _toggle(params, "brand", brand_row["brand"])
        facet.values.append(FacetValue(brand_row["brand"], brand_row["n"], url, selected))
    if params.getlist("brand"):
        facet.clear_url = _url(params, {}, ("brand",))
    facets.append(facet)

    band_counts = {
        f"b{i}": Count("id", filter=Q(price__gte=low or 0) & (Q(price__lt=high) if high else Q()))
        for i, (low, high) in enumerate(PRICE_BANDS)
    }
    rating_counts = {f"r{r}": Count("id", filter=Q(rating_average__gte=r)) for r in RATINGS}
    stock_count = {"stock": Count("id", filter=Q(stock_quantity__gt=0))}
    # One query for the three groups when no choice in them sets them apart.
    numbers: dict[str, int] = {}
    pending: dict[int, tuple[QuerySet[Product], dict[str, Count]]] = {}
    for group, counts in (
        ("price", band_counts),
        ("rating", rating_counts),
        ("stock", stock_count),
    ):
        queryset = products(group)
        entry = pending.setdefault(id(queryset), (queryset, {}))
        entry[1].update(counts)
    for queryset, counts in pending.values():
        numbers.update(queryset.aggregate(**counts))
    bands = ratings = numbers
    facet = Facet("price", str(_("Price")))
    for i, (low, high) in enumerate(PRICE_BANDS):
        low_s, high_s = (str(low) if low else ""), (str(high) if high else "")
        selected = params.get("min_price", "") == low_s and params.get("max_price", "") == high_s
        url = _url(
            params,
            {} if selected else {"min_price": [low_s], "max_price": [high_s]},
            ("min_price", "max_price"),
        )
        facet.values.append(FacetValue(_band_label(low, high), bands[f"b{i}"], url, selected))
    if params.get("min_price") or params.get("max_price"):
        facet.clear_url = _url(params, {}, ("min_price", "max_price"))
    facets.append(facet)

    facet = Facet("rating", str(_("Customer rating")))
    for r in RATINGS:
        selected = params.get("min_rating") == str(r)
        url = _url(params, {} if selected else {"min_rating": [str(r)]}, ("min_rating",))
        label = str(_("%(stars)s stars & up") % {"stars": r})
        facet.values.append(FacetValue(label, ratings[f"r{r}"], url, selected))
    if params.get("min_rating"):
        facet.clear_url = _url(params, {}, ("min_rating",))
    facets.append(facet)

    in_stock = numbers["stock"]
    selected = params.get("in_stock") in ("on", "true", "True", "1")
    url = _url(params, {} if selected else {"in_stock": ["on"]}, ("in_stock",))
    facets.append(
        Facet(
            "stock",
            str(_("Availability")),
            [FacetValue(str(_("In stock")), in_stock, url, selected)],
        )
    )

    option_rows: dict[str, list[dict[str, Any]]] = {
        attribute: [] for attribute, _label in OPTION_FACETS
    }
    by_products: dict[int, tuple[QuerySet[Product], list[str]]] = {}
    for attribute, _label in OPTION_FACETS:
        queryset = products(attribute)
        by_products.setdefault(id(queryset), (queryset, []))[1].append(attribute)
    for queryset, attributes in by_products.values():
        value_rows = (
            VariantOption.objects.filter(
                value__attribute__slug__in=attributes,
                variant__is_active=True,
                variant__product_id__in=queryset.values("id"),
            )
            .values("value__attribute__slug", "value__slug", "value__name")
            .annotate(n=Count("variant__product_id", distinct=True))
            .order_by("-n", "value__name")
        )
        for value_row in value_rows:
            option_rows[value_row["value__attribute__slug"]].append(dict(value_row))
    for attribute, option_label in OPTION_FACETS:
        facet = Facet(attribute, str(option_label))
        for option in option_rows[attribute][:OPTION_LIMIT]:
            url, selected = _toggle(params, attribute, option["value__slug"])
            facet.values.append(FacetValue(option["value__name"], option["n"], url, selected))
        if params.getlist(attribute):
            facet.clear_url = _url(params, {}, (attribute,))
        if facet.values:
            facets.append(facet)
    return [f for f in facets if f.values]
