"""Products for an analysed query: every term must match (each in any of its forms); only when
that finds nothing is the match loosened (words the catalogue does not know dropped, then one
known term may miss), so loosening never floods a query that already finds products.

On PostgreSQL a term matches the full-text vector (stemmed, by prefix) or, for a word typed
with a typo, the title and brand by trigram word similarity (``pg_trgm``, GIN-indexed); the
rank is the full-text rank plus that similarity. Elsewhere the terms' forms are matched as
substrings, weighted by field. Everywhere: exact matches rank above corrected ones, products in
stock above those out of stock, then rank and popularity; within each, products whose names
hold the words (title, brand, type, category, attributes) above those whose descriptions do.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Case, FloatField, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from shop.catalogue.models import Product

from .engine import Analysis, Vocabulary, analyse
from .ranking import (
    CANDIDATES,
    SIMILARITY,
    annotate_relevance,
    fuzzy_words,
    matching,
    postgres,
    relevance_order,
    term_sql,
)


@dataclass(frozen=True)
class SearchResult:
    analysis: Analysis
    condition: Q  # what a product must match (apply it to any filtered queryset)
    queryset: QuerySet[Product]  # matching products, annotated, in relevance order
    loosened: bool = False

    def annotate(self, queryset: QuerySet[Product]) -> QuerySet[Product]:
        return annotate_relevance(queryset.filter(self.condition), self.analysis)


class RankedQuerySet(QuerySet[Product]):
    """A search's products in relevance order whose first pages (a slice ending within
    ``CANDIDATES``) are ranked among the match's best candidates by every key but the trigram
    similarity, reranked with it looked up for those only; anything else (a later page, a
    count, a filter) is the whole match's, in the same order."""

    first_pages: _FirstPages | None = None

    def _clone(self) -> RankedQuerySet:
        clone = super()._clone()  # type: ignore[misc]
        clone.first_pages = None  # a filter or an order of its own: the whole match's
        return clone

    def __getitem__(self, k):
        fast = self.first_pages
        if (
            fast is not None
            and self._result_cache is None
            and isinstance(k, slice)
            and k.step is None
            and (k.start or 0) >= 0
            and k.stop is not None
            and k.stop <= CANDIDATES
        ):
            return fast.page(k.start or 0, k.stop)
        return super().__getitem__(k)


@dataclass(frozen=True)
class _FirstPages:
    queryset: QuerySet[Product]  # the search's queryset (its filters), not yet matched
    candidates: QuerySet[Product]  # the match with the cheap keys, in their order
    analysis: Analysis

    def _similarity(self, ids: list[int]) -> dict[int, float]:
        fuzzy = fuzzy_words(self.analysis)
        if not fuzzy:
            return {}
        similarity = RawSQL(SIMILARITY, [fuzzy], output_field=FloatField())
        rows = Product.objects.filter(pk__in=ids).annotate(similarity=similarity)
        return dict(rows.values_list("pk", "similarity"))

    def page(self, start: int, stop: int) -> QuerySet[Product]:
        columns = ("pk", "exact_hits", "strong_hits", "in_stock_first", "value_hits", "search_rank")
        with serial_queries():
            rows = list(self.candidates.values_list(*columns, "popularity", "price")[:CANDIDATES])
            ids = [row[0] for row in rows]
            similarity = self._similarity(ids) if ids else {}
        cheap = self.analysis.cheap

        def key(row: tuple) -> tuple:
            pid, exact, strong, stock, value, rank, popularity, price = row
            rank = float(rank) + similarity.get(pid, 0.0)
            if cheap:
                return (-exact, -strong, -stock, price, -rank, pid)
            return (-exact, -strong, -stock, -value, -rank, -popularity, pid)

        shown = [row[0] for row in sorted(rows, key=key)[start:stop]]
        position = Case(
            *(When(pk=pid, then=Value(i)) for i, pid in enumerate(shown)),
            default=Value(len(shown)),
            output_field=IntegerField(),
        )
        # The page's products by id, in that order (without the relevance keys: they ranked).
        return self.queryset.filter(pk__in=shown).order_by(position)


def _ranked(
    queryset: QuerySet[Product], matched: QuerySet[Product], analysis: Analysis
) -> QuerySet[Product]:
    """``matched`` (``queryset`` filtered by the search) in relevance order; on PostgreSQL
    with its first pages from the ``CANDIDATES`` best by the cheap keys, reranked."""
    order = relevance_order(analysis)
    found = annotate_relevance(matched, analysis).order_by(*order)
    if not postgres() or not analysis.terms:
        return found
    candidates = annotate_relevance(matched, analysis, stage="candidates").order_by(*order)
    ranked = found.all()
    ranked.__class__ = RankedQuerySet
    ranked.first_pages = _FirstPages(queryset, candidates, analysis)  # type: ignore[attr-defined]
    return ranked


@contextmanager
def serial_queries() -> Iterator[None]:
    """A search's queries without parallel workers on PostgreSQL: each is a few milliseconds
    of work, and starting workers for it costs more (tens of milliseconds on a busy server)."""
    if not postgres() or getattr(settings, "DB_PARALLEL_WORKERS", -1) == 0:
        yield  # none to avoid, or none on the connection already (its options)
        return
    # In the transaction there is, if any (no savepoint: one statement more, not three).
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        yield


def _tiers(analysis: Analysis) -> list[Q]:
    """The match conditions from strictest to loosest: every term; the known terms only; all
    but one of the known terms."""
    terms = analysis.terms
    known = [t for t in terms if t.known]
    tiers = [matching([term_sql(t) for t in terms])]
    if known and len(known) < len(terms):
        tiers.append(matching([term_sql(t) for t in known]))
    if len(known) >= 2:
        tiers.append(
            reduce(
                or_,
                (matching([term_sql(t) for t in known if t is not missing]) for missing in known),
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
        found = annotate_relevance(queryset.filter(condition), analysis)
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
    found = _ranked(queryset, queryset.filter(condition), analysis)
    return SearchResult(analysis, condition, found, loosened)
