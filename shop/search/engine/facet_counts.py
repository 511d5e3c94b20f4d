"""What a listing's facets count, with no framework: the shopper's choices and the counts
(``shop/search/facet_query.py`` counts them in SQL: a product counts in a group when it passes
every chosen filter except that group's own)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

GROUPS = ("category", "brand", "price", "rating", "stock", "colour", "size")
OPTION_GROUPS = ("colour", "size")


@dataclass(frozen=True)
class Choices:
    """The filters a shopper chose; empty or None means "not chosen"."""

    categories: frozenset[int] | None = None  # the chosen category with its descendants
    brands: frozenset[str] = frozenset()
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    min_rating: int | None = None
    in_stock: bool = False
    options: Mapping[str, frozenset[str]] = field(default_factory=dict)


@dataclass
class FacetCounts:
    categories: Counter[int] = field(default_factory=Counter)
    brands: Counter[str] = field(default_factory=Counter)
    # price band index -> count, rating threshold -> count
    bands: Counter[int] = field(default_factory=Counter)
    ratings: Counter[int] = field(default_factory=Counter)
    in_stock: int = 0
    options: dict[str, Counter[str]] = field(
        default_factory=lambda: {group: Counter() for group in OPTION_GROUPS}
    )
    total: int = 0  # products passing every choice: the listing's length
    as_typed: int = 0  # of those, the ones matching the query as typed
