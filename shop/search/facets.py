"""Facets with counts for a listing or a search: category, brand, price band, rating, in
stock, colour and size (the variants' options). Each group counts the products that match
everything chosen except that group's own choice, so a shopper sees what picking another
value would give, and every link keeps the other choices."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from shop.catalogue.models import AttributeValue, Product, VariantOption
from shop.catalogue.selectors import category_tree

from .engine.facet_counts import OPTION_GROUPS, Choices, FacetCounts
from .facet_query import count_rows

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


def counted_facets(
    queryset: QuerySet[Product], choices: Choices, *, as_typed_hits: int | None = None
) -> tuple[FacetCounts, dict[tuple[str, str], str]]:
    """The facet counts of ``queryset``'s products for ``choices``, with the option values'
    names, counted by the database in one statement (``facet_query``). With
    ``as_typed_hits``, ``queryset`` is annotated by the search and a product matches "as
    typed" when its ``exact_hits`` reach that number."""
    counts, by_value = count_rows(
        queryset, choices, bands=PRICE_BANDS, ratings=RATINGS, as_typed_hits=as_typed_hits
    )
    ids = {value_id for values in by_value.values() for value_id in values}
    names: dict[tuple[str, str], str] = {}
    values = AttributeValue.objects.filter(id__in=sorted(ids), attribute__slug__in=OPTION_GROUPS)
    for value_id, attribute, value, name in (
        values.values_list("id", "attribute__slug", "slug", "name") if ids else ()
    ):
        if value_id in by_value[attribute]:
            counts.options[attribute][value] += by_value[attribute][value_id]
            names[(attribute, value)] = name
    return counts, names


def listing_facets(
    params: QueryDict,
    counts: FacetCounts,
    option_names: dict[tuple[str, str], str],
    *,
    fixed_category: bool = False,
) -> list[Facet]:
    """The facet groups for the listing ``params`` ask for, from ``counts`` (of the listing's
    products before any facet choice, with the shopper's choices)."""
    facets: list[Facet] = []
    tree = category_tree()
    if not fixed_category:
        facet = Facet("category", str(_("Category")))
        ranked = sorted(counts.categories.items(), key=lambda item: (-item[1], item[0]))
        for category_id, count in ranked[:CATEGORY_LIMIT]:
            node = tree.by_id.get(category_id)
            if node is None:
                continue
            selected = params.get("category") == node.slug
            url = _url(params, {} if selected else {"category": [node.slug]}, ("category",))
            facet.values.append(FacetValue(node.name, count, url, selected))
        if params.get("category"):
            facet.clear_url = _url(params, {}, ("category",))
        facets.append(facet)

    facet = Facet("brand", str(_("Brand")))
    brands = sorted(counts.brands.items(), key=lambda item: (-item[1], item[0]))
    for brand, count in brands[:BRAND_LIMIT]:
        url, selected = _toggle(params, "brand", brand)
        facet.values.append(FacetValue(brand, count, url, selected))
    if params.getlist("brand"):
        facet.clear_url = _url(params, {}, ("brand",))
    facets.append(facet)

    facet = Facet("price", str(_("Price")))
    for i, (low, high) in enumerate(PRICE_BANDS):
        low_s, high_s = (str(low) if low else ""), (str(high) if high else "")
        selected = params.get("min_price", "") == low_s and params.get("max_price", "") == high_s
        url = _url(
            params,
            {} if selected else {"min_price": [low_s], "max_price": [high_s]},
            ("min_price", "max_price"),
        )
        facet.values.append(FacetValue(_band_label(low, high), counts.bands[i], url, selected))
    if params.get("min_price") or params.get("max_price"):
        facet.clear_url = _url(params, {}, ("min_price", "max_price"))
    facets.append(facet)

    facet = Facet("rating", str(_("Customer rating")))
    for r in RATINGS:
        selected = params.get("min_rating") == str(r)
        url = _url(params, {} if selected else {"min_rating": [str(r)]}, ("min_rating",))
        label = str(_("%(stars)s stars & up") % {"stars": r})
        facet.values.append(FacetValue(label, counts.ratings[r], url, selected))
    if params.get("min_rating"):
        facet.clear_url = _url(params, {}, ("min_rating",))
    facets.append(facet)

    selected = params.get("in_stock") in ("on", "true", "True", "1")
    url = _url(params, {} if selected else {"in_stock": ["on"]}, ("in_stock",))
    facets.append(
        Facet(
            "stock",
            str(_("Availability")),
            [FacetValue(str(_("In stock")), counts.in_stock, url, selected)],
        )
    )

    for attribute, option_label in OPTION_FACETS:
        facet = Facet(attribute, str(option_label))
        named = sorted(
            (
                (option_names.get((attribute, slug), slug), slug, n)
                for slug, n in counts.options[attribute].items()
            ),
            key=lambda item: (-item[2], item[0]),
        )
        for name, slug, count in named[:OPTION_LIMIT]:
            url, selected = _toggle(params, attribute, slug)
            facet.values.append(FacetValue(name, count, url, selected))
        if params.getlist(attribute):
            facet.clear_url = _url(params, {}, (attribute,))
        if facet.values:
            facets.append(facet)
    return [f for f in facets if f.values]
