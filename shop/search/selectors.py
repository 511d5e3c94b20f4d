"""Reads of search: listings with facets, suggestions, popular categories, and the search
service itself for other apps (the assistant's product answers)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import QuerySet, Sum

from shop.catalogue.models import Product
from shop.catalogue.selectors import CategoryNode, category_tree, product_base_queryset

from .engine import Analysis, TermKind, analyse, tokenise
from .listing import Listing, product_listing
from .retrieval import SearchResult, product_search
from .vocabulary import catalogue_vocabulary, phrase_key, phrase_products

POPULAR_CATEGORIES_KEY = "search:popular-categories:v1"
POPULAR_CATEGORIES_TTL = 600
SUGGEST_MAX_LENGTH = 100

__all__ = [
    "Listing",
    "SearchResult",
    "Suggestions",
    "popular_categories",
    "product_listing",
    "search_products",
    "search_suggest",
]


def search_products(query: str, queryset: QuerySet[Product] | None = None) -> SearchResult:
    """The search service: ``queryset`` (active products by default) for ``query``, typo- and
    phrasing-tolerant, in relevance order (``result.queryset``)."""
    base = product_base_queryset() if queryset is None else queryset
    return product_search(base, query, vocabulary=catalogue_vocabulary())


def popular_categories(limit: int = 8) -> list[CategoryNode]:
    """The categories whose products are most in demand."""
    ids = cache.get(POPULAR_CATEGORIES_KEY)
    if not isinstance(ids, list):
        rows = (
            Product.objects.filter(is_active=True)
            .values("category_id")
            .annotate(demand=Sum("popularity"))
            .order_by("-demand", "category_id")[:limit]
        )
        ids = [row["category_id"] for row in rows]
        cache.set(POPULAR_CATEGORIES_KEY, ids, POPULAR_CATEGORIES_TTL)
    tree = category_tree()
    return [tree.by_id[i] for i in ids if i in tree.by_id]


def _suggested_products(
    best: str, analysis: Analysis, limit: int, completed: tuple[str, ...] = ()
) -> list[Product]:
    """The products to suggest for ``best``: when it (as typed or corrected, or one of the
    ``completed`` queries) names a product type or a brand, that one's best products, read by
    their ids; else (or with a price in the query) a search's."""
    if analysis.price_min is not None or analysis.price_max is not None or analysis.cheap:
        return list(search_products(best).queryset[:limit])
    named = [phrase_key(best)]
    if analysis.corrected_query:
        named.append(phrase_key(analysis.corrected_query))
    named.extend(phrase_key(query) for query in completed)
    table = phrase_products()
    ids = next((table[key] for key in named if key in table), None)
    if ids is None:
        return list(search_products(best).queryset[:limit])
    found = product_base_queryset().in_bulk(ids[:limit])
    return [found[i] for i in ids[:limit] if i in found]


@dataclass
class Suggestions:
    query: str
    terms: list[str] = field(default_factory=list)  # completed or corrected queries
    corrected: str | None = None
    products: list[Product] = field(default_factory=list)
    categories: list[CategoryNode] = field(default_factory=list)


def search_suggest(query: str, *, limit: int = 6) -> Suggestions:
    """What to offer while the shopper types ``query``: completions of its last word (and the
    query corrected), the best products for it and categories whose names match."""
    text = " ".join(query[:SUGGEST_MAX_LENGTH].split())
    words = tokenise(text)
    suggestions = Suggestions(query=text)
    if not words:
        return suggestions
    vocabulary = catalogue_vocabulary()
    analysis = analyse(text, vocabulary, max_length=SUGGEST_MAX_LENGTH)
    corrected = {t.original: t.text for t in analysis.terms if t.kind is TermKind.CORRECTED}
    head = [corrected.get(w, w) for w in words[:-1]]
    last = words[-1]
    completions = [] if query.endswith(" ") else vocabulary.complete(last, limit=4)
    terms = [" ".join([*head, c]) for c in completions]
    if analysis.corrected_query:
        suggestions.corrected = analysis.corrected_query
        terms.insert(0, analysis.corrected_query)
    suggestions.terms = list(dict.fromkeys(t for t in terms if t != text.lower()))[:limit]
    best = text
    if completions and not vocabulary.knows(last):
        best = " ".join([*head, completions[0]])
    # Completions that name a product type or a brand ("frying p": "frying pan", not the most
    # frequent word in p); a few dozen lookups in a dict.
    wider = [] if query.endswith(" ") else vocabulary.complete(last, limit=50)
    completed = tuple(" ".join([*head, c]) for c in wider)
    suggestions.products = _suggested_products(best, analysis, limit, completed)
    stems = [vocabulary.knows(w) or w for w in tokenise(best) if len(w) >= 3]
    suggestions.categories = [
        node
        for node in category_tree().by_id.values()
        if stems and any(s in word for s in stems for word in tokenise(node.name))
    ][:4]
    return suggestions
