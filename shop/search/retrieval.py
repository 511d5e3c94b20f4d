"""Products for an analysed query: every term must match (each in any of its forms); only when
that finds nothing is the match loosened (words the catalogue does not know dropped, then one
known term may miss), so loosening never floods a query that already finds products.

On PostgreSQL a term matches the full-text vector (stemmed, by prefix) or, for a word typed
with a typo, the title and brand by trigram word similarity (``pg_trgm``, GIN-indexed); the
rank is the full-text rank plus that similarity. Elsewhere the terms' forms are matched as
substrings, weighted by field. Everywhere: exact matches rank above corrected ones, products in
stock above those out of stock, then rank and popularity.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection
from django.db.models import (
    Case,
    Expression,
    F,
    FloatField,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat, Lower

from shop.catalogue.models import Product

from .engine import Analysis, Term, TermKind, Vocabulary, analyse, tokenise

# Substring weights where there is no full-text rank: a title hit counts most.
FIELDS = (
    ("title", 4),
    ("brand", 3),
    ("product_type__name", 3),
    ("category__name", 2),
    ("attributes_text", 2),
    ("description", 1),
)
TRIGRAM_MIN_LENGTH = 5


@dataclass(frozen=True)
class SearchResult:
    analysis: Analysis
    condition: Q  # what a product must match (apply it to any filtered queryset)
    queryset: QuerySet[Product]  # matching products, annotated, in relevance order
    loosened: bool = False

    def annotate(self, queryset: QuerySet[Product]) -> QuerySet[Product]:
        return _annotate(queryset.filter(self.condition), self.analysis)


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _tsquery(forms: tuple[str, ...]) -> SearchQuery:
    alternatives = []
    for form in forms:
        words = tokenise(form)
        if not words:
            continue
        alternatives.append("(" + " <-> ".join([*words[:-1], f"{words[-1]}:*"]) + ")")
    return SearchQuery(" | ".join(alternatives), search_type="raw", config="english")


def _trigram(word: str) -> Q:
    return Q(
        pk__in=RawSQL(
            "SELECT id FROM catalogue_product WHERE %s <%% lower(title || ' ' || brand)", [word]
        )
    )


def _forms_match(forms: tuple[str, ...]) -> Q:
    if not forms:
        return Q(pk__in=[])
    if _postgres():
        return Q(search_vector=_tsquery(forms))
    return reduce(or_, (Q(**{f"{f}__icontains": form}) for form in forms for f, _w in FIELDS))


def term_match(term: Term) -> Q:
    match = _forms_match(term.forms)
    fuzzy = term.kind in (TermKind.CORRECTED, TermKind.UNKNOWN)
    if _postgres() and fuzzy and len(term.original) >= TRIGRAM_MIN_LENGTH:
        match |= _trigram(term.original)
    return match


def _hits(terms: tuple[Term, ...], *, exact: bool) -> Expression:
    total: Expression = Value(0, output_field=IntegerField())
    for term in terms:
        forms = term.exact_forms if exact else term.forms
        if forms:
            total = total + Case(
                When(_forms_match(forms), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
    return total


def _rank(analysis: Analysis) -> Expression:
    terms = analysis.terms
    if _postgres():
        forms = tuple(form for term in terms for form in term.forms)
        text = " ".join(term.text for term in terms)
        title = Lower(Concat("title", Value(" "), "brand"))
        return SearchRank(F("search_vector"), _tsquery(forms)) + TrigramWordSimilarity(
            Value(text),  # type: ignore[arg-type]
            title,
        )
    rank: Expression = Value(0, output_field=IntegerField())
    for term in terms:
        for form in term.forms:
            boost = 2 if form in term.exact_forms else 1
            for field, weight in FIELDS:
                rank = rank + Case(
                    When(**{f"{field}__icontains": form}, then=Value(weight * boost)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
    return rank


def _annotate(queryset: QuerySet[Product], analysis: Analysis) -> QuerySet[Product]:
    if not analysis.terms:
        zero = Value(0.0, output_field=FloatField())
        return queryset.annotate(search_rank=zero, exact_hits=Value(0), in_stock_first=Value(0))
    return queryset.annotate(
        search_rank=_rank(analysis),
        exact_hits=_hits(analysis.terms, exact=True),
        in_stock_first=Case(
            When(stock_quantity__gt=0, then=Value(1)), default=Value(0), output_field=IntegerField()
        ),
    )


def relevance_order(analysis: Analysis) -> tuple[str, ...]:
    if analysis.cheap:
        return ("-exact_hits", "-in_stock_first", "price", "-search_rank", "id")
    return ("-exact_hits", "-in_stock_first", "-search_rank", "-popularity", "id")


def _all(matches: list[Q]) -> Q:
    return reduce(lambda a, b: a & b, matches)


def _tiers(analysis: Analysis) -> list[Q]:
    """The match conditions from strictest to loosest: every term; the known terms only; all
    but one of the known terms."""
    terms = analysis.terms
    known = [t for t in terms if t.known]
    tiers = [_all([term_match(t) for t in terms])]
    if known and len(known) < len(terms):
        tiers.append(_all([term_match(t) for t in known]))
    if len(known) >= 2:
        tiers.append(
            reduce(
                or_,
                (_all([term_match(t) for t in known if t is not missing]) for missing in known),
            )
        )
    return tiers


def _price_condition(analysis: Analysis) -> Q:
    condition = Q()
    if analysis.price_min is not None:
        condition &= Q(price__gte=analysis.price_min)
    if analysis.price_max is not None:
        condition &= Q(price__lte=analysis.price_max)
    return condition


def product_search(
    queryset: QuerySet[Product], query: str, *, vocabulary: Vocabulary
) -> SearchResult:
    """Products of ``queryset`` for ``query``, annotated and ordered by relevance."""
    analysis = analyse(query, vocabulary, max_length=settings.SEARCH_MAX_QUERY_LENGTH)
    if not analysis.terms:
        if analysis.price_min is None and analysis.price_max is None:
            condition = Q(pk__in=[])
        else:
            condition = _price_condition(analysis)
        found = _annotate(queryset.filter(condition), analysis)
        return SearchResult(analysis, condition, found.order_by("-popularity", "id"))
    price = _price_condition(analysis)
    tiers = _tiers(analysis)
    chosen = tiers[0]
    loosened = False
    for tier in tiers[1:]:
        if queryset.filter(price & chosen).exists():
            break
        chosen, loosened = tier, True
    condition = price & chosen
    found = _annotate(queryset.filter(condition), analysis)
    return SearchResult(analysis, condition, found.order_by(*relevance_order(analysis)), loosened)
