"""A product listing or search as the storefront and the API show it: the catalogue's filters,
the facet choices (brand, colour, size), the search and its ordering, and the facets."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import QueryDict

from shop.catalogue.filters import ProductFilter
from shop.catalogue.models import Product
from shop.catalogue.selectors import product_base_queryset

from .facets import Facet, listing_facets, option_filter
from .retrieval import SearchResult, product_search
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
    if search is not None and search.analysis.corrected_query:
        terms = len(search.analysis.terms)
        as_typed = queryset.filter(exact_hits__gte=terms).count()
        if queryset.count() > as_typed:
            listing.did_you_mean = search.analysis.corrected_query
    if facets:

        def matching(ignored: tuple[str, ...]) -> QuerySet[Product]:
            found = _filtered(params, ignored)[1]
            return found.filter(search.condition) if search is not None else found

        listing.facets = listing_facets(params, matching, fixed_category=fixed_category)
    return listing
