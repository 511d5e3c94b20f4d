"""A product listing or search as the storefront and the API show it: the catalogue's filters,
the facet choices (brand, colour, size), the search and its ordering, and the facets."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import QueryDict

from shop.catalogue.filters import ProductFilter
from shop.catalogue.models import Product
from shop.catalogue.selectors import category_tree, product_base_queryset

from .engine.facet_counts import Choices
from .facets import Facet, counted_facets, listing_facets, option_filter
from .retrieval import SearchResult, product_search, serial_queries
from .vocabulary import catalogue_vocabulary

FACET_FILTERS = ("brand", "colour", "size")
MAX_FACET_VALUES = 20


@dataclass
class Listing:
    filter: ProductFilter
    queryset: QuerySet[Product]
    search: SearchResult | None = None
    facets: list[Facet] = field(default_factory=list)
    # "Did you mean": the corrected query, when it finds more than the words as typed.
    did_you_mean: str | None = None
    # The listing's length when the facets counted it (saves the paginator its own count).
    count: int | None = None


def _choices(params: QueryDict, name: str) -> list[str]:
    return [v[:100] for v in params.getlist(name) if v][:MAX_FACET_VALUES]


def _filtered(params: QueryDict, ignored: tuple[str, ...] = ()) -> tuple[ProductFilter, QuerySet]:
    data = params.copy()
    for name in ("q", *ignored):
        data.pop(name, None)
    product_filter = ProductFilter(data, queryset=product_base_queryset())
    queryset = product_filter.qs
    if (brands := _choices(params, "brand")) and "brand" not in ignored:
        queryset = queryset.filter(brand__in=brands)
    for attribute in ("colour", "size"):
        if attribute not in ignored:
            queryset = option_filter(queryset, attribute, _choices(params, attribute))
    return product_filter, queryset


def product_listing(
    params: QueryDict, *, facets: bool = True, fixed_category: bool = False
) -> Listing:
    """Products for ``params`` (``q``, the catalogue filters, ``brand``, ``colour``, ``size``
    and ``sort``); a category page puts its slug in ``params["category"]``."""
    product_filter, queryset = _filtered(params)
    query = (params.get("q") or "").strip()
    search = None
    if query:
        search = product_search(queryset, query, vocabulary=catalogue_vocabulary())
        data = product_filter.form.cleaned_data if product_filter.is_bound else {}
        sort = data.get("sort") or "relevance"
        queryset = search.queryset if sort == "relevance" else search.annotate(queryset)
    listing = Listing(filter=product_filter, queryset=queryset, search=search)
    corrected = search is not None and bool(search.analysis.corrected_query)
    terms = len(search.analysis.terms) if search is not None else 0
    if facets:
        # The facets count the listing before any facet choice: the match (and a category
        # page's category), read once; each group then leaves out its own choice. The same
        # rows give the listing's length and whether the words as typed find fewer.
        before_choices = product_base_queryset()
        if search is not None:
            before_choices = (
                search.annotate(before_choices)
                if corrected
                else before_choices.filter(search.condition)
            )
        choices = _choices_of(product_filter, params)
        if fixed_category and choices.categories is not None:
            before_choices = before_choices.filter(category_id__in=choices.categories)
        with serial_queries():
            counts, option_names = counted_facets(
                before_choices, choices, as_typed_hits=terms if corrected else None
            )
        listing.facets = listing_facets(params, counts, option_names, fixed_category=fixed_category)
        listing.count = counts.total
        if corrected and counts.total > counts.as_typed:
            listing.did_you_mean = search.analysis.corrected_query if search else None
    elif corrected and search is not None:
        as_typed = queryset.filter(exact_hits__gte=terms).count()
        if queryset.count() > as_typed:
            listing.did_you_mean = search.analysis.corrected_query
    return listing


def _choices_of(product_filter: ProductFilter, params: QueryDict) -> Choices:
    """The choices as the filters apply them: a value the form refused is ignored there, so
    it is here."""
    product_filter.is_valid()  # validates; cleaned_data then holds the valid fields only
    data = product_filter.form.cleaned_data
    categories = None
    if slug := data.get("category"):
        node = category_tree().by_slug.get(slug)
        categories = frozenset(category_tree().descendant_ids(node.id)) if node else frozenset()
    min_rating = data.get("min_rating")
    return Choices(
        categories=categories,
        brands=frozenset(_choices(params, "brand")),
        min_price=data.get("min_price"),
        max_price=data.get("max_price"),
        min_rating=int(min_rating) if min_rating else None,
        in_stock=bool(data.get("in_stock")),
        options={a: frozenset(_choices(params, a)) for a in ("colour", "size")},
    )
