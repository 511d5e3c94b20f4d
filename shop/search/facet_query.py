"""A listing's facet counts as one SQL statement: the match is read once (a common table
expression of a few columns per product, with a flag per chosen colour or size group), and
every group is counted by the database over it, leaving out only its own choice ("disjunctive"
facets: choosing a brand still shows how many the other brands have). No product row comes
back to Python: a 6,000-product match answers with a row per category, brand and option
value, and one row of the scalar counts (price bands, ratings, in stock, the total).

The same SQL runs on PostgreSQL and SQLite (both have CTEs, ``CAST(... AS TEXT)`` and
``COUNT(CASE ...)``); PostgreSQL materialises a CTE read more than once, SQLite too.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case, Exists, IntegerField, OuterRef, QuerySet, Value, When

from shop.catalogue.models import Product, VariantOption

from .engine.facet_counts import OPTION_GROUPS, Choices, FacetCounts

Sql = tuple[str, list[object]]
Bands = tuple[tuple[Decimal | None, Decimal | None], ...]
# The columns of the match, in the order the ORM selects them (fields, then annotations).
FIELDS = ("id", "category_id", "brand", "price", "rating_average", "stock_quantity")


def _in(column: str, values: frozenset) -> Sql:
    if not values:
        return "(1 = 0)", []
    ordered = sorted(values)
    return f"m.{column} IN ({', '.join(['%s'] * len(ordered))})", list(ordered)


def choice_conditions(choices: Choices) -> dict[str, Sql]:
    """Each chosen group's condition over the match's columns (``m``)."""
    conditions: dict[str, Sql] = {}
    if choices.categories is not None:
        conditions["category"] = _in("category_id", choices.categories)
    if choices.brands:
        conditions["brand"] = _in("brand", choices.brands)
    price: list[str] = []
    price_params: list[object] = []
    if choices.min_price is not None:
        price.append("m.price >= %s")
        price_params.append(choices.min_price)
    if choices.max_price is not None:
        price.append("m.price <= %s")
        price_params.append(choices.max_price)
    if price:
        conditions["price"] = "(" + " AND ".join(price) + ")", price_params
    if choices.min_rating is not None:
        conditions["rating"] = "m.rating_average >= %s", [choices.min_rating]
    if choices.in_stock:
        conditions["stock"] = "m.stock_quantity > 0", []
    for group in OPTION_GROUPS:
        if choices.options.get(group):
            conditions[group] = f"m.has_{group} = 1", []
    return conditions


def _all_but(conditions: Mapping[str, Sql], group: str | None) -> Sql:
    kept = [sql for name, sql in conditions.items() if name != group]
    if not kept:
        return "(1 = 1)", []
    return " AND ".join(s for s, _p in kept), [p for _s, ps in kept for p in ps]


def _band(low: Decimal | None, high: Decimal | None) -> Sql:
    parts: list[str] = []
    params: list[object] = []
    if low is not None:
        parts.append("m.price >= %s")
        params.append(low)
    if high is not None:
        parts.append("m.price < %s")
        params.append(high)
    return " AND ".join(parts) or "(1 = 1)", params


def _scalars(
    conditions: Mapping[str, Sql], bands: Bands, ratings: tuple[int, ...], as_typed: bool
) -> list[Sql]:
    """The scalar counts, as ``COUNT(CASE ...)`` terms: total, as typed, bands, ratings, stock."""
    every = _all_but(conditions, None)
    typed = (f"{every[0]} AND m.as_typed = 1", every[1]) if as_typed else every
    terms = [every, typed]
    price = _all_but(conditions, "price")
    for low, high in bands:
        band = _band(low, high)
        terms.append((f"{price[0]} AND {band[0]}", [*price[1], *band[1]]))
    rating = _all_but(conditions, "rating")
    for threshold in ratings:
        terms.append((f"{rating[0]} AND m.rating_average >= %s", [*rating[1], threshold]))
    stock = _all_but(conditions, "stock")
    terms.append((f"{stock[0]} AND m.stock_quantity > 0", stock[1]))
    return terms


def _match(queryset: QuerySet[Product], choices: Choices, as_typed_hits: int | None) -> Sql:
    """The match's columns as SQL: the fields, ``as_typed`` and the chosen option flags."""
    annotations: dict[str, object] = {}
    if as_typed_hits is not None:
        annotations["as_typed"] = Case(
            When(exact_hits__gte=as_typed_hits, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    for group in OPTION_GROUPS:
        if slugs := choices.options.get(group):
            options = VariantOption.objects.filter(
                variant__product_id=OuterRef("pk"),
                variant__is_active=True,
                value__attribute__slug=group,
                value__slug__in=sorted(slugs),
            )
            annotations[f"has_{group}"] = Case(
                When(Exists(options), then=Value(1)), default=Value(0), output_field=IntegerField()
            )
    rows = queryset.order_by().annotate(**annotations).values(*FIELDS, *annotations)
    sql, params = rows.query.sql_with_params()
    columns = ", ".join((*FIELDS, *annotations))
    return f"m ({columns}) AS ({sql})", list(params)


def _options(conditions: Mapping[str, Sql], group: str, width: int) -> Sql:
    """Per option value, the products of the match having it (on an active variant) that pass
    every choice but ``group``'s ("any": both option groups pass the same choices)."""
    where, params = _all_but(conditions, None if group == "any" else group)
    padding = ", 0" * (width - 1)
    return (
        f"SELECT 'option:{group}', CAST(vo.value_id AS TEXT), COUNT(DISTINCT m.id){padding} "
        "FROM m JOIN catalogue_productvariant pv ON pv.product_id = m.id "
        "JOIN catalogue_variantoption vo ON vo.variant_id = pv.id "
        f"WHERE pv.is_active = %s AND {where} GROUP BY vo.value_id",
        [True, *params],
    )


def count_rows(
    queryset: QuerySet[Product],
    choices: Choices,
    *,
    bands: Bands,
    ratings: tuple[int, ...],
    as_typed_hits: int | None = None,
) -> tuple[FacetCounts, dict[str, dict[int, int]]]:
    """The facet counts of ``queryset``'s products for ``choices``, and each option group's
    counts by attribute value id (``"colour"``, ``"size"``: the caller names the values and
    keeps each group's own)."""
    conditions = choice_conditions(choices)
    try:
        match, params = _match(queryset, choices, as_typed_hits)
    except EmptyResultSet:  # a match that can hold nothing ("%_\\", a query of no words)
        return _counts([], bands, ratings)
    scalars = _scalars(conditions, bands, ratings, as_typed_hits is not None)
    width = len(scalars)
    padding = ", 0" * (width - 1)
    branches: list[Sql] = [
        (
            "SELECT 'scalar', '', "
            + ", ".join(f"COUNT(CASE WHEN {sql} THEN 1 END)" for sql, _p in scalars)
            + " FROM m",
            [p for _s, ps in scalars for p in ps],
        )
    ]
    for group, column in (("category", "category_id"), ("brand", "brand")):
        where, where_params = _all_but(conditions, group)
        branches.append(
            (
                f"SELECT '{group}', CAST(m.{column} AS TEXT), COUNT(*){padding} FROM m "
                f"WHERE {where} GROUP BY m.{column}",
                where_params,
            )
        )
    chosen_options = [g for g in OPTION_GROUPS if g in conditions]
    for group in OPTION_GROUPS if chosen_options else ("any",):
        branches.append(_options(conditions, group, width))
    sql = f"WITH {match} " + " UNION ALL ".join(f"{s}" for s, _p in branches)
    params.extend(p for _s, ps in branches for p in ps)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)  # type: ignore[arg-type]
        rows = cursor.fetchall()
    return _counts(rows, bands, ratings)


def _counts(
    rows: list[tuple], bands: Bands, ratings: tuple[int, ...]
) -> tuple[FacetCounts, dict[str, dict[int, int]]]:
    counts = FacetCounts()
    options: dict[str, dict[int, int]] = {group: {} for group in OPTION_GROUPS}
    for kind, key, n, *rest in rows:
        if kind == "scalar":
            counts.total, counts.as_typed = n, rest[0]
            counts.bands.update({i: c for i, c in enumerate(rest[1 : 1 + len(bands)]) if c})
            counts.ratings.update(
                {r: c for r, c in zip(ratings, rest[1 + len(bands) :], strict=False) if c}
            )
            counts.in_stock = rest[-1]
        elif kind == "category":
            counts.categories[int(key)] = n
        elif kind == "brand":
            if key:
                counts.brands[key] = n
        else:
            group = kind.removeprefix("option:")
            for name in OPTION_GROUPS if group == "any" else (group,):
                options[name][int(key)] = n
    return counts, options
