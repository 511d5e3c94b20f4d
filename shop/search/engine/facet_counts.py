"""Facet counts over the rows of one match, with no framework.

A listing's facets used to be counted by the database, one aggregate per group, each repeating
the search's match (trigram and full-text) as a subquery: six to eight matches per page. Here
the match is read once (a few small columns per product, and the products' colour and size
options), and every group is counted in one pass: a product counts in a group when it passes
every chosen filter except that group's own ("disjunctive" facets, as shops expect: choosing
a brand still shows how many the other brands have).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

GROUPS = ("category", "brand", "price", "rating", "stock", "colour", "size")
OPTION_GROUPS = ("colour", "size")


@dataclass(frozen=True)
class FacetRow:
    """What faceting needs of one matching product."""

    id: int
    category_id: int
    brand: str
    price: Decimal
    rating: float
    stock: int
    # (attribute, value slug) of the product's active variants' options, e.g. ("colour", "navy").
    options: frozenset[tuple[str, str]] = frozenset()
    # Whether it matches the query as typed, not only as corrected (for "Did you mean").
    as_typed: bool = True


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


def _failures(row: FacetRow, choices: Choices) -> list[str]:
    """The groups whose choice ``row`` fails (stops at two: then it counts nowhere)."""
    failed: list[str] = []
    if choices.categories is not None and row.category_id not in choices.categories:
        failed.append("category")
    if choices.brands and row.brand not in choices.brands:
        failed.append("brand")
    if (choices.min_price is not None and row.price < choices.min_price) or (
        choices.max_price is not None and row.price > choices.max_price
    ):
        failed.append("price")
    if len(failed) > 1:
        return failed
    if choices.min_rating is not None and row.rating < choices.min_rating:
        failed.append("rating")
    if choices.in_stock and row.stock <= 0:
        failed.append("stock")
    for group in OPTION_GROUPS:
        if len(failed) > 1:
            return failed
        wanted = choices.options.get(group)
        if wanted and not any((group, value) in row.options for value in wanted):
            failed.append(group)
    return failed


def passes(row: FacetRow, choices: Choices) -> bool:
    """Whether ``row`` passes every choice (it is in the listing)."""
    return not _failures(row, choices)


def facet_counts(
    rows: Iterable[FacetRow],
    choices: Choices,
    *,
    price_bands: tuple[tuple[Decimal | None, Decimal | None], ...],
    ratings: tuple[int, ...],
) -> FacetCounts:
    """Each group's counts over the rows that pass every choice but the group's own."""
    counts = FacetCounts()
    for row in rows:
        failed = _failures(row, choices)
        if len(failed) > 1:
            continue
        only = failed[0] if failed else None  # the one group this row may still count in
        if only is None:
            counts.total += 1
            counts.as_typed += row.as_typed
        if only in (None, "category"):
            counts.categories[row.category_id] += 1
        if only in (None, "brand") and row.brand:
            counts.brands[row.brand] += 1
        if only in (None, "price"):
            for index, (low, high) in enumerate(price_bands):
                if (low is None or row.price >= low) and (high is None or row.price < high):
                    counts.bands[index] += 1
        if only in (None, "rating"):
            for threshold in ratings:
                if row.rating >= threshold:
                    counts.ratings[threshold] += 1
        if only in (None, "stock") and row.stock > 0:
            counts.in_stock += 1
        for group in OPTION_GROUPS:
            if only in (None, group):
                for attribute, value in row.options:
                    if attribute == group:
                        counts.options[group][value] += 1
    return counts
