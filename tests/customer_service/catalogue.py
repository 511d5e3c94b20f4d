"""A small catalogue with product types, options and attributes, for the assistant's product
questions: headphones at three prices, a speaker, tents by berth, running shoes in colours and
sizes (the red size 42 sold out on one pair), and blenders."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from shop.catalogue.factories import ProductFactory
from shop.catalogue.models import (
    Attribute,
    AttributeValue,
    Product,
    ProductAttributeValue,
    ProductType,
    ProductTypeAttribute,
)
from shop.catalogue.services import product_variant_create


def _type(name: str) -> ProductType:
    slug = name.lower().replace(" ", "-")
    return ProductType.objects.get_or_create(slug=slug, defaults={"name": name})[0]


def _value(attribute: str, name: str) -> AttributeValue:
    attr = Attribute.objects.get_or_create(
        slug=attribute, defaults={"name": attribute.capitalize()}
    )[0]
    slug = name.lower().replace(" ", "-")
    return AttributeValue.objects.get_or_create(attribute=attr, slug=slug, defaults={"name": name})[
        0
    ]


def _simple(type_name: str, title: str, price: str, **fields: Any) -> Product:
    return cast(
        Product,
        ProductFactory(title=title, product_type=_type(type_name), price=Decimal(price), **fields),
    )


def _shoe(title: str, variants: list[tuple[str, str, str, int]], **fields: Any) -> Product:
    shoes = _type("Running Shoes")
    for position, attribute in enumerate(("colour", "size")):
        ProductTypeAttribute.objects.get_or_create(
            product_type=shoes,
            attribute=_value(attribute, "x").attribute,
            defaults={"role": ProductTypeAttribute.Role.VARIANT, "position": position},
        )
    AttributeValue.objects.filter(slug="x").delete()
    product = cast(
        Product, ProductFactory(title=title, product_type=shoes, variants=False, **fields)
    )
    for position, (colour, size, price, stock) in enumerate(variants):
        product_variant_create(
            product=product,
            sku=f"{product.sku}-{position}",
            price=Decimal(price),
            stock=stock,
            options=[_value("colour", colour), _value("size", size)],
            position=position,
        )
    product.refresh_from_db()
    return product


def _tent(title: str, berth: str, price: str) -> Product:
    product = _simple("Tent", title, price, brand="Trailhead")
    ProductAttributeValue.objects.create(product=product, value=_value("berth", berth))
    return product


def build_catalogue() -> dict[str, Product]:
    return {
        "cheap_headphones": _simple("Wireless Headphones", "Sonora Air Headphones", "79.99"),
        "mid_headphones": _simple("Wireless Headphones", "Sonora Studio Headphones", "149.99"),
        "dear_headphones": _simple("Wireless Headphones", "Sonora Pro Headphones", "249.99"),
        "speaker": _simple("Bluetooth Speaker", "Boom Speaker", "324.99"),
        "tent_2": _tent("Ridge Tent", "2-person", "189.00"),
        "tent_4": _tent("Family Dome Tent", "4-person", "329.00"),
        "tent_1": _tent("Solo Bivvy Tent", "1-person", "99.00"),
        "blender_mid": _simple("Blender", "Whirl Blender", "59.99"),
        "blender_cheap": _simple("Blender", "Mini Blender", "39.99"),
        "blender_dear": _simple("Blender", "Pro Blender", "129.99"),
        # Last: variants made here take ids after the default variants' (product id + offset).
        "red_shoes": _shoe(
            "Stride Running Shoes",
            [("Fire Red", "EU 42", "89.99", 3), ("Black", "EU 42", "84.99", 5)],
            brand="Stride",
        ),
        "red_sold_out": _shoe(
            "Tempo Running Shoes",
            [("Fire Red", "EU 42", "99.99", 0), ("Fire Red", "EU 41", "99.99", 2)],
            brand="Tempo",
        ),
        "black_shoes": _shoe("Pace Running Shoes", [("Black", "EU 42", "69.99", 4)], brand="Pace"),
    }
