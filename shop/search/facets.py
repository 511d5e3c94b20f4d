"""Facets with counts for a listing or a search: category, brand, price band, rating, in
stock, colour and size (the variants' options). Each group counts the products that match
everything chosen except that group's own choice, so a shopper sees what picking another
value would give, and every link keeps the other choices."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from shop.catalogue.models import AttributeValue, Product, VariantOption
from shop.catalogue.selectors import category_tree

from .engine.facet_counts import (
    OPTION_GROUPS,
    Choices,
    FacetCounts,
    FacetRow,
    facet_counts,
    passes,
)

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


@dataclass(frozen=True)
class FacetData:
    rows: list[FacetRow]
    option_names: dict[tuple[str, str], str]  # (attribute, value slug) -> the value's name


# Up to this many matching products, the options are read by their ids (a plain index
# lookup) rather than by running the match again as a subquery.
IDS_INLINE_LIMIT = 5000


def _of_products(products: QuerySet[Product], ids: list[int], *, all_of_them: bool = True) -> Q:
    """Options of ``ids``: by the ids, or when there are many of them and they are all of
    ``products``, by running ``products`` again as a subquery."""
    if all_of_them and len(ids) > IDS_INLINE_LIMIT:
        return Q(variant__product_id__in=products.values("id"))
    return Q(variant__product_id__in=ids)


def facet_data(
    queryset: QuerySet[Product], *, as_typed_hits: int | None = None, options: bool = True
) -> FacetData:
    """The facet columns of ``queryset``'s products, with (``options``) their active variants'
    colour and size options, in two queries. With ``as_typed_hits``, ``queryset`` is annotated
    by the search and a row is "as typed" when its ``exact_hits`` reach that number."""
    products = queryset.order_by()
    columns = ["id", "category_id", "brand", "price", "rating_average", "stock_quantity"]
    if as_typed_hits is not None:
        columns.append("exact_hits")
    values = list(products.values_list(*columns))
    ids = [row[0] for row in values]
    options_of: dict[int, set[tuple[str, str]]] = defaultdict(set)
    names: dict[tuple[str, str], str] = {}
    option_rows = (
        VariantOption.objects.filter(
            _of_products(products, ids),
            value__attribute__slug__in=OPTION_GROUPS,
            variant__is_active=True,
        )
        .values_list("variant__product_id", "value__attribute__slug", "value__slug", "value__name")
        .distinct()
        if options
        else ()
    )
    for product_id, attribute, value, name in option_rows:
        options_of[product_id].add((attribute, value))
        names[(attribute, value)] = name
    rows = [
        FacetRow(
            id=row[0],
            category_id=row[1],
            brand=row[2],
            price=row[3],
            rating=float(row[4]),
            stock=row[5],
            options=frozenset(options_of.get(row[0], ())),
            as_typed=as_typed_hits is None or row[6] >= as_typed_hits,
        )
        for row in values
    ]
    return FacetData(rows, names)


def listing_counts(data: FacetData, choices: Choices) -> FacetCounts:
    return facet_counts(data.rows, choices, price_bands=PRICE_BANDS, ratings=RATINGS)


def counted_facets(
    queryset: QuerySet[Product], choices: Choices, *, as_typed_hits: int | None = None
) -> tuple[FacetCounts, dict[tuple[str, str], str]]:
    """The facet counts of ``queryset``'s products for ``choices``, with the option values'
    names. With no colour or size chosen, each option counts the listing's products having
    it: the database counts them (a row per option value) instead of sending every
    product's options, the bulk of a large match's facets."""
    if any(choices.options.values()):
        data = facet_data(queryset, as_typed_hits=as_typed_hits)
        return listing_counts(data, choices), data.option_names
    data = facet_data(queryset, as_typed_hits=as_typed_hits, options=False)
    counts = listing_counts(data, choices)
    passing = [row.id for row in data.rows if passes(row, choices)]
    # Counted by value id (every option of the products' variants), the colour and size ones
    # kept afterwards with their names: joining the names, or the values of those groups,
    # into the count lets the planner hash every colour and size option of the catalogue.
    by_value = dict(
        VariantOption.objects.filter(
            _of_products(queryset.order_by(), passing, all_of_them=len(passing) == len(data.rows)),
            variant__is_active=True,
        )
        .values("value_id")
        .annotate(products=Count("variant__product_id", distinct=True))
        .order_by()
        .values_list("value_id", "products")
        if passing
        else ()
    )
    names: dict[tuple[str, str], str] = {}
    values = (
        AttributeValue.objects.filter(id__in=list(by_value), attribute__slug__in=OPTION_GROUPS)
        if by_value
        else ()
    )
    for value_id, attribute, value, name in (
        values.values_list("id", "attribute__slug", "slug", "name") if values else ()
    ):
        counts.options[attribute][value] += by_value[value_id]
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
