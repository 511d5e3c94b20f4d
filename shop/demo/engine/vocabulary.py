"""Word tables for the demo shop: departments, product types, brands, people, places, reviews.

The words themselves are data, in ``vocabulary.json`` beside this module (its format is
``vocabulary.schema.json``, which ``tests/demo/test_vocabulary.py`` checks it against), so the
shop's flavour can be edited without touching the generation logic. This module reads the file
once, into the frozen types below, and exposes its tables as module constants.

Product types carry real attributes and feature phrases because the content-based recommender
relies on descriptions that share vocabulary with related items, and brands carry a price tier
because hidden taste profiles prefer a price band and brand at once.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from .specs import PriceBand

DATA_PATH = Path(__file__).with_name("vocabulary.json")


class VocabularyError(ValueError):
    """The data file is unreadable or refers to something it does not define."""


@dataclass(frozen=True, slots=True)
class Attribute:
    """An attribute of a product type, such as colour or capacity.

    ``variant`` attributes are options the shopper picks (a product comes in several of its
    values); the others describe the product and are named in its title. ``unit`` says the
    values are numbers in that unit; ``price_step`` that each larger value costs that share more.
    """

    name: str
    values: tuple[str, ...]
    variant: bool = False
    unit: str = ""
    price_step: float = 0.0


@dataclass(frozen=True, slots=True)
class ProductType:
    """A kind of product sold in one leaf category.

    ``features`` and ``uses`` are phrases reused in descriptions and reviews; ``title_patterns``
    and ``words`` are only set for books, whose titles are invented rather than model names.
    """

    noun: str
    price_range: tuple[float, float]
    attributes: tuple[Attribute, ...]
    features: tuple[str, ...]
    uses: tuple[str, ...]
    title_patterns: tuple[str, ...] = ()
    words: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Brand:
    """A brand and its price tier: 0 budget, 1 mid-range, 2 premium."""

    name: str
    tier: int


@dataclass(frozen=True, slots=True)
class Leaf:
    """A leaf category; ``weight`` is its relative share of the catalogue."""

    slug: str
    name: str
    description: str
    weight: float
    types: tuple[ProductType, ...]


@dataclass(frozen=True, slots=True)
class Department:
    """A top-level category with its brands, model series and image style.

    ``books`` switches titles from "brand series noun" to invented works with an author.
    """

    slug: str
    name: str
    code: str
    description: str
    motif: str
    palette: tuple[tuple[int, int, int], tuple[int, int, int]]
    brands: tuple[Brand, ...]
    series: tuple[str, ...]
    numbered: bool
    leaves: tuple[Leaf, ...]
    books: bool = False


@dataclass(frozen=True, slots=True)
class Country:
    """Names and address formats for one country, so addresses look locally plausible.

    In ``postcode`` patterns ``#`` is a digit and ``@`` an upper-case letter; ``street_format``
    takes ``{street}`` and ``{number}``.
    """

    code: str
    weight: float
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    cities: tuple[tuple[str, str], ...]
    streets: tuple[str, ...]
    street_format: str
    phone_prefix: str


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Every table of the data file. Review tables map a tone to its templates."""

    attributes: Mapping[str, Attribute]
    departments: tuple[Department, ...]
    price_bands: tuple[PriceBand, ...]
    tier_adjectives: tuple[tuple[str, ...], ...]
    tier_closers: tuple[tuple[str, ...], ...]
    description_openers: tuple[str, ...]
    description_features: tuple[str, ...]
    description_uses: tuple[str, ...]
    book_adjectives: tuple[str, ...]
    book_places: tuple[str, ...]
    book_openers: tuple[str, ...]
    book_middles: tuple[str, ...]
    book_closers: tuple[str, ...]
    countries: tuple[Country, ...]
    address_extras: tuple[str, ...]
    email_domains: tuple[str, ...]
    review_titles: dict[str, tuple[str, ...]]
    review_sentences: dict[str, tuple[str, ...]]
    book_review_sentences: dict[str, tuple[str, ...]]


def load_vocabulary(path: Path = DATA_PATH) -> Vocabulary:
    """Read the data file; a missing or ill-typed entry raises :class:`VocabularyError`."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return _vocabulary(data)
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise VocabularyError(
            f"{path}: {error!r} (tests/demo/test_vocabulary.py lists every problem)"
        ) from error


def _vocabulary(data: dict[str, Any]) -> Vocabulary:
    attributes = {key: _attribute(value) for key, value in data["attributes"].items()}
    descriptions, books, reviews = data["descriptions"], data["books"], data["reviews"]
    return Vocabulary(
        attributes=attributes,
        departments=tuple(_department(item, attributes) for item in data["departments"]),
        price_bands=cast(tuple[PriceBand, ...], _strings(data["price_bands"])),
        tier_adjectives=tuple(_strings(item) for item in data["tier_adjectives"]),
        tier_closers=tuple(_strings(item) for item in data["tier_closers"]),
        description_openers=_strings(descriptions["openers"]),
        description_features=_strings(descriptions["features"]),
        description_uses=_strings(descriptions["uses"]),
        book_adjectives=_strings(books["adjectives"]),
        book_places=_strings(books["places"]),
        book_openers=_strings(books["openers"]),
        book_middles=_strings(books["middles"]),
        book_closers=_strings(books["closers"]),
        countries=tuple(_country(item) for item in data["countries"]),
        address_extras=_strings(data["address_extras"]),
        email_domains=_strings(data["email_domains"]),
        review_titles=_by_tone(reviews["titles"]),
        review_sentences=_by_tone(reviews["sentences"]),
        book_review_sentences=_by_tone(reviews["book_sentences"]),
    )


def _strings(items: list[Any]) -> tuple[str, ...]:
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise TypeError(f"expected a list of strings, got {items!r}")
    return tuple(items)


def _by_tone(table: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    return {tone: _strings(templates) for tone, templates in table.items()}


def _attribute(data: dict[str, Any]) -> Attribute:
    return Attribute(
        str(data["name"]),
        _strings(data["values"]),
        variant=bool(data.get("variant", False)),
        unit=str(data.get("unit", "")),
        price_step=float(data.get("price_step", 0.0)),
    )


def _product_type(data: dict[str, Any], shared: Mapping[str, Attribute]) -> ProductType:
    attributes = []
    for item in data["attributes"]:
        # A name refers to a shared axis in "attributes"; an object is this type's own.
        if isinstance(item, str) and item not in shared:
            raise KeyError(f"product type {data['noun']!r}: unknown attribute {item!r}")
        attributes.append(shared[item] if isinstance(item, str) else _attribute(item))
    low, high = data["price_range"]
    return ProductType(
        noun=str(data["noun"]),
        price_range=(float(low), float(high)),
        attributes=tuple(attributes),
        features=_strings(data["features"]),
        uses=_strings(data["uses"]),
        title_patterns=_strings(data.get("title_patterns", [])),
        words=_strings(data.get("words", [])),
    )


def _department(data: dict[str, Any], shared: Mapping[str, Attribute]) -> Department:
    dark, light = (_colour(colour) for colour in data["palette"])
    return Department(
        slug=str(data["slug"]),
        name=str(data["name"]),
        code=str(data["code"]),
        description=str(data["description"]),
        motif=str(data["motif"]),
        palette=(dark, light),
        brands=tuple(Brand(str(b["name"]), int(b["tier"])) for b in data["brands"]),
        series=_strings(data["series"]),
        numbered=bool(data["numbered"]),
        leaves=tuple(
            Leaf(
                slug=str(leaf["slug"]),
                name=str(leaf["name"]),
                description=str(leaf["description"]),
                weight=float(leaf["weight"]),
                types=tuple(_product_type(item, shared) for item in leaf["types"]),
            )
            for leaf in data["leaves"]
        ),
        books=bool(data["books"]),
    )


def _colour(rgb: list[int]) -> tuple[int, int, int]:
    red, green, blue = (int(channel) for channel in rgb)
    return red, green, blue


def _country(data: dict[str, Any]) -> Country:
    return Country(
        code=str(data["code"]),
        weight=float(data["weight"]),
        first_names=_strings(data["first_names"]),
        last_names=_strings(data["last_names"]),
        cities=tuple((str(city["name"]), str(city["postcode"])) for city in data["cities"]),
        streets=_strings(data["streets"]),
        street_format=str(data["street_format"]),
        phone_prefix=str(data["phone_prefix"]),
    )


VOCABULARY = load_vocabulary()

# The tables under the names the generator uses.
DEPARTMENTS = VOCABULARY.departments
BOOK_FORMAT = VOCABULARY.attributes["book_format"]
BOOK_LANGUAGE = VOCABULARY.attributes["book_language"]
# Words for invented book titles; per-genre nouns live on each book ProductType.
BOOK_ADJECTIVES = VOCABULARY.book_adjectives
BOOK_PLACES = VOCABULARY.book_places
# Price tiers in words, indexed by Brand.tier; used for taste names and descriptions.
PRICE_BANDS = VOCABULARY.price_bands
TIER_ADJECTIVES = VOCABULARY.tier_adjectives
TIER_CLOSERS = VOCABULARY.tier_closers
DESCRIPTION_OPENERS = VOCABULARY.description_openers
DESCRIPTION_FEATURES = VOCABULARY.description_features
DESCRIPTION_USES = VOCABULARY.description_uses
BOOK_OPENERS = VOCABULARY.book_openers
BOOK_MIDDLES = VOCABULARY.book_middles
BOOK_CLOSERS = VOCABULARY.book_closers
COUNTRIES = VOCABULARY.countries
ADDRESS_EXTRAS = VOCABULARY.address_extras
EMAIL_DOMAINS = VOCABULARY.email_domains
REVIEW_TITLES = VOCABULARY.review_titles
REVIEW_SENTENCES = VOCABULARY.review_sentences
BOOK_REVIEW_SENTENCES = VOCABULARY.book_review_sentences
