"""The shop's own words for the assistant: product types, brands, colours, sizes, attribute
values and country names, read from the catalogue (and django-countries).

The assistant core's constraint extractor is framework-free and takes a
:class:`~customer_service.assistant.ShopVocabulary`; this builds it from the live catalogue.
Colours and sizes are the values of the attributes named so (the options shoppers pick);
every other choice attribute's values are attributes ("2-person", "merino"). Hand-written
aliases ("kettle" for Electric Kettle, "large" for L) come from the labelled set's vocabulary
file and apply only to names the catalogue has.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml
from django_countries import countries

from customer_service.assistant import ShopVocabulary
from customer_service.assistant.constraint_eval import VOCABULARY_PATH
from shop.catalogue.models import Attribute, AttributeValue, Product, ProductType
from shop.shipping.selectors import COUNTRY_ALIASES

COLOUR_NAMES = frozenset({"colour", "color"})
SIZE_NAMES = frozenset({"size"})


def attribute_kind(name: str) -> str:
    """``"colour"``, ``"size"`` or ``"attribute"`` for an attribute's name."""
    key = name.strip().lower()
    if key in COLOUR_NAMES:
        return "colour"
    if key in SIZE_NAMES:
        return "size"
    return "attribute"


@cache
def _aliases() -> dict[str, Any]:
    raw = yaml.safe_load(VOCABULARY_PATH.read_text(encoding="utf-8")) or {}
    return {
        "types": raw.get("type_aliases") or {},
        "colours": raw.get("colours") or {},
        "sizes": raw.get("sizes") or {},
    }


def country_names() -> dict[str, str]:
    """Every country's English name and the common aliases ("uk", "holland") -> ISO code."""
    names = {str(name).lower(): str(code) for code, name in countries}
    names.update({alias: code for alias, code in COUNTRY_ALIASES.items() if len(alias) > 2})
    return names


def shop_vocabulary() -> ShopVocabulary:
    """The catalogue's words as the constraint extractor needs them (a few queries)."""
    aliases = _aliases()
    type_names = list(ProductType.objects.order_by("name").values_list("name", flat=True))
    brands = sorted(
        set(
            Product.objects.filter(is_active=True)
            .exclude(brand="")
            .values_list("brand", flat=True)
            .distinct()
        )
    )
    colours: dict[str, list[str]] = {}
    sizes: dict[str, list[str]] = {}
    attributes: dict[str, list[str]] = {}
    values = AttributeValue.objects.filter(
        attribute__input_type=Attribute.InputType.CHOICE
    ).values_list("attribute__name", "name")
    for attribute, value in values:
        kind = attribute_kind(attribute)
        if kind == "colour":
            colours.setdefault(value, list(aliases["colours"].get(value) or ()))
        elif kind == "size":
            sizes.setdefault(value, list(aliases["sizes"].get(value) or ()))
        else:
            names = attributes.setdefault(attribute.lower(), [])
            if value not in names:
                names.append(value)
    return ShopVocabulary.build(
        product_types=type_names,
        type_aliases={name: aliases["types"].get(name) or () for name in type_names},
        brands=brands,
        colours=colours,
        sizes=sizes,
        attributes=attributes,
        countries=country_names(),
    )
