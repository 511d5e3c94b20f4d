"""Product types, typed attribute values and variants for the demo catalogue.

Every vocabulary product type becomes a product type; its attributes become typed attributes
(numbers in a unit where the vocabulary gives one: "35 l" is 35 in litres, "1 TB SSD" is 1000
in GB). A product's variant attributes (colour, size) make its variants: each of its sizes in
one to three colours, the first the colour its generator drew. Variant draws come from a
stream seeded by the product's own image seed, so adding variants left every other draw of the
shop as it was.
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import lru_cache

from . import vocabulary as vocab
from .specs import AttributeSpec, ProductTypeSpec, VariantSpec

_NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)")
# Units a value may be written in, per unit stored, with their factor (1 TB = 1000 GB).
_SCALES = {"GB": {"TB": Decimal(1000)}}
MAX_VARIANTS = 24
# How many colours a product with sizes comes in, and one sold only by colour.
COLOURS_WITH_SIZES = ((1, 0.3), (2, 0.45), (3, 0.25))
COLOURS_ALONE = ((2, 0.35), (3, 0.4), (4, 0.25))


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def attribute_slug(attribute: vocab.Attribute) -> str:
    """One attribute per name and unit: every department's colours are "colour"."""
    return slugify(f"{attribute.name} {attribute.unit}" if attribute.unit else attribute.name)


def number_of(value: str, unit: str) -> Decimal | None:
    """The number a value names in ``unit`` ("10,000 mAh" -> 10000, "1 TB SSD" -> 1000 GB)."""
    if not unit:
        return None
    match = _NUMBER.search(value)
    if match is None:
        return None
    number = Decimal(match.group(1).replace(",", ""))
    for written, factor in _SCALES.get(unit, {}).items():
        if written in value.split():
            number *= factor
    return number


def _all_attributes() -> list[vocab.Attribute]:
    found = list(vocab.VOCABULARY.attributes.values())
    for department in vocab.DEPARTMENTS:
        for leaf in department.leaves:
            for product_type in leaf.types:
                found.extend(product_type.attributes)
    return found


@lru_cache(maxsize=1)
def build_attributes() -> tuple[AttributeSpec, ...]:
    """Every attribute with the union of its values, in the order first met."""
    values: dict[str, list[str]] = {}
    first: dict[str, vocab.Attribute] = {}
    for attribute in _all_attributes():
        slug = attribute_slug(attribute)
        first.setdefault(slug, attribute)
        known = values.setdefault(slug, [])
        known.extend(value for value in attribute.values if value not in known)
    return tuple(
        AttributeSpec(
            slug=slug,
            name=first[slug].name.capitalize(),
            unit=first[slug].unit,
            values=tuple((value, number_of(value, first[slug].unit)) for value in values[slug]),
        )
        for slug in values
    )


def type_slug(product_type: vocab.ProductType) -> str:
    return slugify(product_type.noun)


@lru_cache(maxsize=1)
def build_product_types() -> tuple[ProductTypeSpec, ...]:
    """One type per vocabulary product type; books take the "books" tax class."""
    types: list[ProductTypeSpec] = []
    for department in vocab.DEPARTMENTS:
        attributes = (vocab.BOOK_FORMAT, vocab.BOOK_LANGUAGE) if department.books else ()
        for leaf in department.leaves:
            for product_type in leaf.types:
                own = attributes or product_type.attributes
                types.append(
                    ProductTypeSpec(
                        slug=type_slug(product_type),
                        name=product_type.noun,
                        tax_class="books" if department.books else "",
                        attributes=tuple(attribute_slug(a) for a in own if not a.variant),
                        options=tuple(attribute_slug(a) for a in own if a.variant),
                    )
                )
    return tuple(types)


def _draw_count(rng: random.Random, table: Sequence[tuple[int, float]]) -> int:
    counts, weights = zip(*table, strict=True)
    return int(rng.choices(counts, weights=weights)[0])


def _shelf(amount: Decimal) -> Decimal:
    """A shelf price near ``amount``: 12.99, 149.99."""
    whole = int(amount)
    return Decimal(whole - 1 if amount >= 100 and whole % 5 == 0 else whole) + Decimal("0.99")


def build_variants(
    *,
    sku: str,
    product_type: vocab.ProductType,
    drawn: dict[str, str],
    price: Decimal,
    stock: int,
    seed: int,
) -> tuple[VariantSpec, ...]:
    """The product's variants: every value of its size axis times one to a few colours (the
    drawn one first); its planned stock spread over them, middle sizes selling best."""
    axes = [a for a in product_type.attributes if a.variant]
    if not axes:
        return (VariantSpec(sku=sku, options=(), price=price, stock=stock),)
    rng = random.Random(seed)
    choices: list[list[tuple[str, int]]] = []
    for axis in axes:
        if axis.name == "colour":
            count = _draw_count(rng, COLOURS_WITH_SIZES if len(axes) > 1 else COLOURS_ALONE)
            others = [v for v in axis.values if v != drawn[axis.name]]
            picked = [drawn[axis.name], *rng.sample(others, min(count - 1, len(others)))]
            choices.append([(value, 0) for value in picked])
        else:
            choices.append([(value, step) for step, value in enumerate(axis.values)])
    combos = list(itertools.product(*choices))[:MAX_VARIANTS]
    # Middle sizes sell best: a value's weight grows with its distance from either end.
    weights = [
        float(
            _product(
                1 + min(step, len(axis_choices) - 1 - step)
                for (_value, step), axis_choices in zip(combo, choices, strict=True)
            )
        )
        for combo in combos
    ]
    units = [0] * len(combos)
    for index in rng.choices(range(len(combos)), weights=weights, k=stock):
        units[index] += 1
    variants = []
    for number, combo in enumerate(combos, start=1):
        factor = Decimal(1)
        for axis, (_value, step) in zip(axes, combo, strict=True):
            factor *= (1 + Decimal(str(axis.price_step))) ** step
        variants.append(
            VariantSpec(
                sku=f"{sku}-{number:02d}",
                options=tuple(
                    (attribute_slug(axis), value)
                    for axis, (value, _step) in zip(axes, combo, strict=True)
                ),
                price=price if factor == 1 else _shelf(price * factor),
                stock=units[number - 1],
            )
        )
    return tuple(variants)


def _product(numbers: Iterable[int]) -> int:
    result = 1
    for number in numbers:
        result *= number
    return result


def variant_for_line(variant_count: int, *, order_index: int, line_index: int) -> int:
    """Which of a product's variants an order line bought (the same for the same order)."""
    return (order_index * 7919 + line_index * 104729) % max(variant_count, 1)
