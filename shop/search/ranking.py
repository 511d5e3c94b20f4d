"""The SQL of a search: where each term is looked for (the match) and the keys its
products are ordered by (the rank), as parameterised SQL over the product row."""

from __future__ import annotations

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    FloatField,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL

from shop.catalogue.models import Product

from .engine import Analysis, Term, TermKind, tokenise

# Where a term is looked for, as SQL over the product row ("catalogue_product") and its weight
# in the substring rank (no full-text rank there): a title hit counts most. Building the SQL
# here rather than as ORM expressions keeps a search's compilation cheap (a few hundred
# microseconds instead of tens of milliseconds for the dozens of CASE terms of a rank).
_ROW = '"catalogue_product"'
FIELDS = (
    (f"{_ROW}.title", 4),
    (f"{_ROW}.brand", 3),
    (f"(SELECT name FROM catalogue_producttype WHERE id = {_ROW}.product_type_id)", 3),
    (f"(SELECT name FROM catalogue_category WHERE id = {_ROW}.category_id)", 2),
    (f"{_ROW}.attributes_text", 2),
    (f"{_ROW}.description", 1),
)
STRONG_FIELDS = tuple(field for field, weight in FIELDS if weight > 1)
# The same fields in the match's subquery, which joins the type and the category once.
_MATCH_FROM = (
    f"catalogue_product JOIN catalogue_producttype ON catalogue_producttype.id = "
    f"{_ROW}.product_type_id JOIN catalogue_category ON catalogue_category.id = {_ROW}.category_id"
)
MATCH_FIELDS = (
    f"{_ROW}.title",
    f"{_ROW}.brand",
    "catalogue_producttype.name",
    "catalogue_category.name",
    f"{_ROW}.attributes_text",
    f"{_ROW}.description",
)
TRIGRAM_MIN_LENGTH = 5
# The first pages of a search on PostgreSQL are ranked among this many of its best products by
# every key but the trigram similarity (tens of microseconds a row, the bulk of a large
# match's ranking), which is then looked up for those only, whatever the size of the match.
CANDIDATES = 200
# A product whose attribute value or active variant's option is a term's whole form ("black"
# its colour, "merino" its material) ranks above one that only has the word somewhere in a
# name ("black leather", "Merino Sweater"): Typesense's exact match of a field's value. An
# uncorrelated IN, so the database reads those products once (a hashed subplan), not per row.
_VALUE_OF = (
    f"{_ROW}.id IN (SELECT pav.product_id FROM catalogue_productattributevalue pav "
    "JOIN catalogue_attributevalue av ON av.id = pav.value_id WHERE lower(av.name) IN ({in}) "
    "UNION ALL SELECT pv.product_id FROM catalogue_productvariant pv JOIN "
    "catalogue_variantoption vo ON vo.variant_id = pv.id JOIN catalogue_attributevalue av "
    "ON av.id = vo.value_id WHERE pv.is_active AND lower(av.name) IN ({in}))"
)
SIMILARITY = f"word_similarity(%s, lower({_ROW}.title || ' ' || {_ROW}.brand))"
Sql = tuple[str, list[object]]


def postgres() -> bool:
    return connection.vendor == "postgresql"


def _tsquery_text(forms: tuple[str, ...], weights: str = "") -> str:
    """The forms as a tsquery, the last word of each by prefix; with ``weights`` ("AB") only
    lexemes of those weights match (title and brand are A, category and attributes B)."""
    alternatives = []
    for form in forms:
        words = [f"{word}:{weights}" if weights else word for word in tokenise(form)]
        if words:
            last = words[-1].split(":")[0]
            words[-1] = f"{last}:*{weights}"
            alternatives.append("(" + " <-> ".join(words) + ")")
    return " | ".join(alternatives)


def _like(form: str) -> str:
    escaped = form.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _contains(fields: tuple[str, ...], forms: tuple[str, ...]) -> Sql:
    operator = "ILIKE" if postgres() else "LIKE"  # SQLite's LIKE ignores case already
    parts = [f"{field} {operator} %s ESCAPE '\\'" for form in forms for field in fields]
    params: list[object] = [_like(form) for form in forms for _field in fields]
    return "(" + " OR ".join(parts) + ")", params


def _forms_sql(forms: tuple[str, ...], fields: tuple[str, ...] = MATCH_FIELDS) -> Sql:
    if not forms:
        return "(1 = 0)", []
    if postgres():
        return _vector_sql(forms)
    return _contains(fields, forms)


def term_sql(term: Term) -> Sql:
    sql, params = _forms_sql(term.forms)
    fuzzy = term.kind in (TermKind.CORRECTED, TermKind.UNKNOWN)
    if postgres() and fuzzy and len(term.original) >= TRIGRAM_MIN_LENGTH:
        # Word similarity against the GIN trigram index of migration search 0001.
        sql = f"({sql} OR %s <%% lower({_ROW}.title || ' ' || {_ROW}.brand))"
        params = [*params, term.original]
    return sql, params


def matching(sqls: list[Sql]) -> Q:
    where = " AND ".join(sql for sql, _p in sqls)
    params = [param for _s, ps in sqls for param in ps]
    if postgres():
        # The vector holds the type and category names: a condition on the row itself, not a
        # semi-join of the products with themselves (a primary-key lookup per matching row).
        return Q(RawSQL(f"({where})", params, output_field=BooleanField()))
    return Q(pk__in=RawSQL(f"SELECT {_ROW}.id FROM {_MATCH_FROM} WHERE {where}", params))


def _count_sql(cases: list[Sql]) -> Sql:
    if not cases:
        return "0", []
    sql = " + ".join(f"(CASE WHEN {case} THEN 1 ELSE 0 END)" for case, _p in cases)
    return sql, [param for _s, ps in cases for param in ps]


def _vector_sql(forms: tuple[str, ...], weights: str = "") -> Sql:
    text = _tsquery_text(forms, weights)
    if not text:
        return "(1 = 0)", []
    return f"({_ROW}.search_vector @@ to_tsquery('english', %s))", [text]


def _postgres_rank_sql(terms: tuple[Term, ...], *, similarity: bool = True) -> Sql:
    """Per term: 1 when found in a title or brand (weight A), 0.5 in a category or attribute
    (B), 0.2 elsewhere; plus, for words typed with a typo, their trigram word similarity to
    the title and brand. Index lookups in each row's vector, far cheaper than ``ts_rank``
    over a large match."""
    parts: list[str] = []
    params: list[object] = []
    for term in terms:
        title, title_params = _vector_sql(term.forms, "A")
        named, named_params = _vector_sql(term.forms, "B")
        parts.append(f"(CASE WHEN {title} THEN 1.0 WHEN {named} THEN 0.5 ELSE 0.2 END)")
        params.extend([*title_params, *named_params])
    fuzzy = [t.original for t in terms if t.kind in (TermKind.CORRECTED, TermKind.UNKNOWN)]
    if fuzzy and similarity:
        parts.append(SIMILARITY)
        params.append(" ".join(fuzzy))
    return " + ".join(parts), params


def fuzzy_words(analysis: Analysis) -> str:
    fuzzy = (TermKind.CORRECTED, TermKind.UNKNOWN)
    return " ".join(t.original for t in analysis.terms if t.kind in fuzzy)


def _rank_sql(analysis: Analysis, *, similarity: bool = True) -> Sql:
    terms = analysis.terms
    if postgres():
        return _postgres_rank_sql(terms, similarity=similarity)
    parts: list[str] = []
    params: list[object] = []
    for term in terms:
        for form in term.forms:
            boost = 2 if form in term.exact_forms else 1
            for field, weight in FIELDS:
                points = weight * boost
                parts.append(f"(CASE WHEN {field} LIKE %s ESCAPE '\\' THEN {points} ELSE 0 END)")
                params.append(_like(form))
    return " + ".join(parts) or "0", params


def _value_sql(forms: tuple[str, ...]) -> Sql:
    marks = ", ".join(["%s"] * len(forms))
    return f"({_VALUE_OF.format(**{'in': marks})})", [*forms, *forms]


def annotate_relevance(
    queryset: QuerySet[Product], analysis: Analysis, *, stage: str = "all"
) -> QuerySet[Product]:
    """The relevance keys of ``queryset``'s products; with ``stage`` "candidates" the cheap
    keys only (``search_rank`` without the trigram similarity)."""
    if not analysis.terms:
        zero = Value(0.0, output_field=FloatField())
        return queryset.annotate(
            search_rank=zero,
            exact_hits=Value(0),
            strong_hits=Value(0),
            value_hits=Value(0),
            in_stock_first=Value(0),
        )
    terms = analysis.terms
    row_fields = tuple(field for field, _w in FIELDS)
    exact = _count_sql([_forms_sql(t.exact_forms, row_fields) for t in terms if t.exact_forms])
    # Terms found in what names the product (title, brand, type, category, attributes) rather
    # than only in its description: "tent" in a tent's title, not in "content".
    if postgres():
        strong = _count_sql([_vector_sql(t.forms, "AB") for t in terms])
    else:
        strong = _count_sql([_contains(STRONG_FIELDS, t.forms) for t in terms])
    values = _count_sql([_value_sql(t.forms) for t in terms])
    return queryset.annotate(
        search_rank=RawSQL(
            *_rank_sql(analysis, similarity=stage != "candidates"), output_field=FloatField()
        ),
        exact_hits=RawSQL(*exact, output_field=IntegerField()),
        strong_hits=RawSQL(*strong, output_field=IntegerField()),
        value_hits=RawSQL(*values, output_field=IntegerField()),
        in_stock_first=Case(
            When(stock_quantity__gt=0, then=Value(1)), default=Value(0), output_field=IntegerField()
        ),
    )


def relevance_order(analysis: Analysis) -> tuple[str, ...]:
    if analysis.cheap:
        return ("-exact_hits", "-strong_hits", "-in_stock_first", "price", "-search_rank", "id")
    return (
        "-exact_hits",
        "-strong_hits",
        "-in_stock_first",
        "-value_hits",
        "-search_rank",
        "-popularity",
        "id",
    )
