"""Products for a customer's question, filtered by the constraints the assistant extracted.

:func:`products_find` is the one place the assistant asks the catalogue for products. Every
product it returns as a match satisfies every constraint that the catalogue can express: its
product type and brand, and one in-stock variant with the colour, the size and a price within
the bounds; a number of people must be one of the product's attribute values ("2-person").
When nothing matches it relaxes the constraints one group at a time (price first, then
colour and size, then the other attributes, then the brand; never the product type) and
returns the nearest products, saying which constraints they miss.

It reads the catalogue's current selectors and search; the storefront's search service can
replace the text part (:func:`_text_search`) without changing what callers see.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, cast

from django.db.models import Exists, F, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from customer_service.assistant import PriceLevel, ProductConstraints, Sort
from shop.catalogue.models import AttributeValue, Product, ProductAttributeValue, ProductVariant
from shop.catalogue.selectors import product_base_queryset
from shop.search.selectors import search_products

from .vocabulary import attribute_kind

# The groups of constraints relaxed, in this order, to find the nearest products.
RELAX_ORDER: tuple[tuple[str, ...], ...] = (
    ("price",),
    ("colour", "size"),
    ("people", "attributes"),
    ("brand",),
)
_PEOPLE_VALUE = r"^\s*{n}\s*[- ]?\s*(person|people|man|berth|seater|player)s?\b"
_ANY_PEOPLE_VALUE = re.compile(_PEOPLE_VALUE.format(n=r"\d+"), re.IGNORECASE)
# Words of a question that say how, not what: left out of a text search.
_NOT_PRODUCT_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "for",
        "of",
        "to",
        "in",
        "on",
        "with",
        "and",
        "or",
        "under",
        "below",
        "over",
        "above",
        "less",
        "more",
        "than",
        "between",
        "from",
        "up",
        "at",
        "least",
        "most",
        "max",
        "maximum",
        "min",
        "minimum",
        "around",
        "about",
        "euro",
        "euros",
        "eur",
        "e",
        "dollars",
        "pounds",
        "price",
        "priced",
        "cost",
        "costs",
        "costing",
        "budget",
        "size",
        "sized",
        "cheap",
        "cheapest",
        "cheaper",
        "expensive",
        "best",
        "rated",
        "popular",
        "newest",
        "new",
        "latest",
        "people",
        "person",
        "persons",
        "me",
        "my",
        "some",
        "any",
        "please",
    ]
)
_NUMBER = re.compile(r"^[\d.,€$£]+$")


@dataclass(frozen=True)
class ProductHit:
    """A product as the assistant shows it: the variant that matches, its price and link."""

    product: Product
    variant: ProductVariant | None
    price: Decimal

    @property
    def url(self) -> str:
        url = self.product.get_absolute_url()
        return f"{url}?variant={self.variant.pk}" if self.variant is not None else url


@dataclass(frozen=True)
class ProductMatch:
    """The products found; ``unmet`` names the constraints the nearest products miss (empty
    when every product satisfies every constraint)."""

    hits: list[ProductHit] = field(default_factory=list)
    unmet: tuple[str, ...] = ()

    @property
    def exact(self) -> bool:
        return bool(self.hits) and not self.unmet


def _colour_matches(asked: str, name: str) -> bool:
    asked_key = asked.lower().replace("gray", "grey")
    words = name.lower().replace("gray", "grey").replace("-", " ")
    return asked_key == words or asked_key in words.split()


# (value id, kind, attribute name, value name) for every attribute value, read once per question.
Values = list[tuple[int, str, str, str]]


def _value_table() -> Values:
    rows = AttributeValue.objects.values_list("pk", "attribute__name", "name")
    return [(pk, attribute_kind(attribute), attribute, name) for pk, attribute, name in rows]


def _value_ids(values: Values, kind: str, accept: Callable[[str, str], bool]) -> list[int]:
    """The ids of the attribute values of ``kind`` (colour, size, attribute) accepted."""
    return [pk for pk, k, attribute, name in values if k == kind and accept(attribute, name)]


def _has_values(value_ids: Iterable[int]) -> Q:
    """A product carrying one of the values, as a product attribute or a variant's option."""
    ids = list(value_ids)
    return Q(
        Exists(ProductAttributeValue.objects.filter(product=OuterRef("pk"), value_id__in=ids))
    ) | Q(
        Exists(
            ProductVariant.objects.filter(
                product=OuterRef("pk"), is_active=True, option_values__value_id__in=ids
            )
        )
    )


def _variants(c: ProductConstraints, values: Values) -> QuerySet[ProductVariant]:
    """In-stock variants with the colour, the size and a price within the bounds."""
    variants = ProductVariant.objects.filter(is_active=True, stock_quantity__gt=0)
    if c.colour:
        colour = c.colour
        ids = _value_ids(values, "colour", lambda _a, name: _colour_matches(colour, name))
        variants = variants.filter(option_values__value_id__in=ids)
    if c.size:
        size = c.size.lower()
        ids = _value_ids(values, "size", lambda _a, name: name.lower() == size)
        variants = variants.filter(option_values__value_id__in=ids)
    if c.price_min is not None:
        variants = variants.filter(price__gte=c.price_min)
    if c.price_max is not None:
        variants = variants.filter(price__lte=c.price_max)
    return variants


def _people_ids(people: int, values: Values) -> list[int]:
    pattern = re.compile(_PEOPLE_VALUE.format(n=people), re.IGNORECASE)
    return _value_ids(values, "attribute", lambda _a, name: bool(pattern.search(name)))


def _text_search(queryset: QuerySet[Product], query: str) -> QuerySet[Product]:
    """Products matching the words of ``query`` that name a product, through the storefront's
    search service (typos, compounds and synonyms as the search page treats them)."""
    words = [
        word
        for word in re.findall(r"[^\W_]+", query.lower())
        if word not in _NOT_PRODUCT_WORDS and not _NUMBER.match(word)
    ]
    return search_products(" ".join(words), queryset).queryset


def _filtered(c: ProductConstraints, query: str, values: Values) -> tuple[QuerySet[Product], bool]:
    """The products satisfying ``c`` (annotated with the matching variants' lowest price),
    and whether they came from a text search (ranked) rather than the product type."""
    products = product_base_queryset().filter(stock_quantity__gt=0)
    searched = False
    if c.product_types:
        products = products.filter(product_type__name__in=c.product_types)
    elif query.strip():
        products = _text_search(products, query)
        searched = True
    if c.brand:
        products = products.filter(brand__iexact=c.brand)
    if c.people is not None:
        products = products.filter(_has_values(_people_ids(c.people, values)))
    for attribute, value in c.attributes:
        wanted = (attribute.lower(), value.lower())
        ids = [
            pk
            for pk, kind, name, value_name in values
            if kind == "attribute" and (name.lower(), value_name.lower()) == wanted
        ]
        products = products.filter(_has_values(ids))
    variants = _variants(c, values).filter(product=OuterRef("pk"))
    products = products.filter(Exists(variants)).annotate(
        match_price=Coalesce(
            Subquery(
                variants.order_by().values("product").annotate(low=Min("price")).values("low")
            ),
            F("price"),
        )
    )
    return products, searched


def _ordered(
    products: QuerySet[Product], c: ProductConstraints, *, searched: bool, nearest_to: str
) -> QuerySet[Product]:
    if nearest_to == "price" and c.price_max is not None:
        return products.order_by(F("match_price").asc(), "id")  # the cheapest above the budget
    if nearest_to == "price" and c.price_min is not None:
        return products.order_by(F("match_price").desc(), "id")
    sort = c.sort
    if sort is None and c.price_level is PriceLevel.LOW:
        sort = Sort.PRICE_ASC
    if sort is None and c.price_level is PriceLevel.HIGH:
        sort = Sort.PRICE_DESC
    orders: dict[Sort, tuple[Any, ...]] = {
        Sort.PRICE_ASC: (F("match_price").asc(), "id"),
        Sort.PRICE_DESC: (F("match_price").desc(), "id"),
        Sort.RATING: ("-rating_average", "-rating_count", "id"),
        Sort.POPULARITY: ("-popularity", "id"),
        Sort.NEWEST: ("-created_at", "-id"),
    }
    if sort is not None:
        return products.order_by(*orders[sort])
    if searched:
        return products.order_by(F("search_rank").desc(), "-popularity", "id")
    return products.order_by("-popularity", "id")


def _relaxed(c: ProductConstraints, group: tuple[str, ...]) -> ProductConstraints:
    cleared: dict[str, object] = {}
    for name in group:
        if name == "price":
            cleared.update(price_min=None, price_max=None)
        elif name == "attributes":
            cleared["attributes"] = ()
        else:
            cleared[name] = None
    return replace(c, **cleared)  # type: ignore[arg-type]


def _asked(c: ProductConstraints, group: tuple[str, ...]) -> tuple[str, ...]:
    present = {
        "price": c.price_min is not None or c.price_max is not None,
        "colour": bool(c.colour),
        "size": bool(c.size),
        "people": c.people is not None,
        "attributes": bool(c.attributes),
        "brand": bool(c.brand),
    }
    return tuple(name for name in group if present[name])


def _hits(products: list[Product], c: ProductConstraints, values: Values) -> list[ProductHit]:
    """Each product with its cheapest matching variant (one query)."""
    variants: dict[int, ProductVariant] = {}
    matching = _variants(c, values).filter(product__in=products)
    for variant in matching.order_by("price", "position", "id"):
        variants.setdefault(variant.product_id, variant)
    hits = []
    for product in products:
        match = variants.get(product.pk)
        # A product without options has one variant: its page needs no choice in the link.
        linked = match if match is not None and match.name else None
        hits.append(ProductHit(product, linked, match.price if match else product.price))
    return hits


def _effective(c: ProductConstraints, values: Values) -> ProductConstraints:
    """Drop "for 2 people" when the catalogue has no such attribute for these products."""
    if c.people is None:
        return c
    people_like = _value_ids(
        values, "attribute", lambda _a, name: bool(_ANY_PEOPLE_VALUE.search(name))
    )
    products = Product.objects.filter(_has_values(people_like))
    if c.product_types:
        products = products.filter(product_type__name__in=c.product_types)
    return c if people_like and products.exists() else replace(c, people=None)


def products_find(
    *, constraints: ProductConstraints | None, query: str, limit: int
) -> ProductMatch:
    """Up to ``limit`` products satisfying ``constraints``, or the nearest ones (see above)."""
    values = _value_table()
    c = _effective(constraints or ProductConstraints(), values)
    products, searched = _filtered(c, query, values)
    found = list(_ordered(products, c, searched=searched, nearest_to="")[:limit])
    if found:
        return ProductMatch(_hits(found, c, values))
    relaxed, unmet = c, cast(tuple[str, ...], ())
    for group in RELAX_ORDER:
        asked = _asked(relaxed, group)
        if not asked:
            continue
        relaxed, unmet = _relaxed(relaxed, group), (*unmet, *asked)
        products, searched = _filtered(relaxed, query, values)
        ordered = _ordered(products, c, searched=searched, nearest_to=group[0])
        found = list(ordered[:limit])
        if found:
            return ProductMatch(_hits(found, relaxed, values), unmet)
    return ProductMatch([], unmet or ("query",))
