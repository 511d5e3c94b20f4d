"""A framework-free generator of a believable demo shop.

Nothing in this package imports Django: it produces plain dataclasses and numpy arrays that the
``seed_demo`` management command turns into rows. Customers behave according to hidden taste
profiles so that the recommenders have real signal to find, and everything is deterministic for
a given seed so seeding can be idempotent by natural keys.
"""

from .generator import (
    EVENT_KINDS,
    ORDER_STATUSES,
    SIZES,
    AddressSpec,
    CategorySpec,
    CustomerSpec,
    DemoShop,
    EventArrays,
    EventSpec,
    OrderArrays,
    OrderSpec,
    ProductSpec,
    ReviewSpec,
    SizeSpec,
    TasteSpec,
    generate,
    generate_event_arrays,
)
from .images import render_placeholder, render_product_image
from .specs import AttributeSpec, ProductTypeSpec, VariantSpec
from .variants import build_attributes, build_product_types, variant_for_line

__all__ = (
    "EVENT_KINDS",
    "ORDER_STATUSES",
    "SIZES",
    "AddressSpec",
    "AttributeSpec",
    "CategorySpec",
    "CustomerSpec",
    "DemoShop",
    "EventArrays",
    "EventSpec",
    "OrderArrays",
    "OrderSpec",
    "ProductSpec",
    "ProductTypeSpec",
    "ReviewSpec",
    "SizeSpec",
    "TasteSpec",
    "VariantSpec",
    "build_attributes",
    "build_product_types",
    "generate",
    "generate_event_arrays",
    "render_placeholder",
    "render_product_image",
    "variant_for_line",
)
