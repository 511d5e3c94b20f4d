"""Product types and a product's attribute values as data (the API and the assistant)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from ..models import Product, ProductAttributeValue, ProductType, ProductTypeAttribute


def product_type_list() -> list[dict[str, Any]]:
    """Every product type with its attributes in order (two queries)."""
    types = ProductType.objects.select_related("tax_class").prefetch_related(
        Prefetch(
            "type_attributes",
            queryset=ProductTypeAttribute.objects.select_related("attribute").order_by(
                "role", "position", "id"
            ),
        )
    )
    return [
        {
            "id": product_type.pk,
            "name": product_type.name,
            "slug": product_type.slug,
            "tax_class": product_type.tax_class.slug if product_type.tax_class else None,
            "attributes": [
                {
                    "slug": row.attribute.slug,
                    "name": row.attribute.name,
                    "input_type": row.attribute.input_type,
                    "unit": row.attribute.unit,
                    "role": row.role,
                }
                for row in product_type.type_attributes.all()
            ],
        }
        for product_type in types
    ]


def product_attribute_data(
    *, product: Product, layout: list[ProductTypeAttribute] | None = None
) -> list[dict[str, Any]]:
    """The product's attribute values grouped by attribute, in its type's order (``layout``,
    the type's attributes in order, when the caller has read them already)."""
    if layout is None:
        layout = list(
            ProductTypeAttribute.objects.filter(product_type_id=product.product_type_id).order_by(
                "role", "position", "id"
            )
        )
    order = {row.attribute_id: position for position, row in enumerate(layout)}
    grouped: dict[int, dict[str, Any]] = {}
    rows = (
        ProductAttributeValue.objects.filter(product=product)
        .select_related("value__attribute")
        .order_by("value__position", "value__numeric", "value__name")
    )
    for row in rows:
        attribute = row.value.attribute
        entry = grouped.setdefault(
            attribute.pk,
            {
                "slug": attribute.slug,
                "name": attribute.name,
                "input_type": attribute.input_type,
                "unit": attribute.unit,
                "values": [],
            },
        )
        entry["values"].append(
            {"slug": row.value.slug, "name": row.value.name, "number": row.value.numeric}
        )
    return [grouped[a] for a in sorted(grouped, key=lambda a: order.get(a, len(order)))]
