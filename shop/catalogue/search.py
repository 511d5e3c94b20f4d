"""Product search: ranked full-text search on PostgreSQL, a portable ranked fallback elsewhere.

Both paths reduce the query to at most ``MAX_TERMS`` plain word terms first, so an empty, odd
(punctuation, operators, unicode) or very long query can never reach the database as syntax.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, Expression, F, IntegerField, Q, QuerySet, Value, When

from .models import Product

MAX_TERMS = 8
MAX_TERM_LENGTH = 40
_TERM = re.compile(r"[^\W_]+", re.UNICODE)

# Rank weights for the fallback: a hit in the title counts most, as PostgreSQL's 'A' weight does.
_FALLBACK_FIELDS = (
    ("title", 4),
    ("brand", 3),
    ("category__name", 2),
    ("attributes_text", 2),
    ("description", 1),
)


def search_terms(query: str) -> list[str]:
    """The words of ``query`` that search uses: lower-cased, de-duplicated, bounded."""
    query = query[: settings.SEARCH_MAX_QUERY_LENGTH]
    terms: list[str] = []
    for term in _TERM.findall(query.lower()):
        term = term[:MAX_TERM_LENGTH]
        if term not in terms:
            terms.append(term)
        if len(terms) == MAX_TERMS:
            break
    return terms


def product_search_queryset(queryset: QuerySet[Product], query: str) -> QuerySet[Product]:
    """Filter ``queryset`` to products matching every term, annotated with ``search_rank``."""
    terms = search_terms(query)
    if not terms:
        return queryset.none().annotate(search_rank=Value(0, output_field=IntegerField()))
    if connection.vendor == "postgresql":
        return _postgres_search(queryset, terms)
    return _fallback_search(queryset, terms)


def _postgres_search(queryset: QuerySet[Product], terms: list[str]) -> QuerySet[Product]:
    # Prefix matching on every term ("headph" finds headphones) over the stemmed vector that
    # the trigger maintains; the terms are plain words, so the raw tsquery cannot be malformed.
    raw = " & ".join(f"{term}:*" for term in terms)
    search_query = SearchQuery(raw, search_type="raw", config="english")
    return queryset.filter(search_vector=search_query).annotate(
        search_rank=SearchRank(F("search_vector"), search_query)
    )


def _fallback_search(queryset: QuerySet[Product], terms: list[str]) -> QuerySet[Product]:
    rank: Expression = Value(0, output_field=IntegerField())
    for term in terms:
        match = Q()
        for field, weight in _FALLBACK_FIELDS:
            match |= Q(**{f"{field}__icontains": term})
            rank = rank + Case(
                When(**{f"{field}__icontains": term}, then=Value(weight)),
                default=Value(0),
                output_field=IntegerField(),
            )
        queryset = queryset.filter(match)
    return queryset.annotate(search_rank=rank)


def attributes_search_text(words: Iterable[str]) -> str:
    """``Product.attributes_text`` from attribute values, option values and variant SKUs:
    each once, SKUs also split at their punctuation ("SKU-12-NAVY" is found by "sku 12"), as
    PostgreSQL's parser would otherwise read "-12" as a signed number."""
    seen: list[str] = []
    for word in words:
        for form in (word, " ".join(_TERM.findall(word))):
            if form and form not in seen:
                seen.append(form)
    return " ".join(seen)
