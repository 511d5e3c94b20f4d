from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

import factory
from factory.django import DjangoModelFactory

from .models import (
    Attribute,
    AttributeValue,
    Category,
    Product,
    ProductType,
    ProductTypeAttribute,
    ProductVariant,
)
from .services import product_variant_create, product_variants_sync, variant_stock_set


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
    parent = None


class ProductTypeFactory(DjangoModelFactory):
    class Meta:
        model = ProductType
        django_get_or_create = ("slug",)

    name = "General"
    slug = "general"
    tax_class = None


class AttributeFactory(DjangoModelFactory):
    class Meta:
        model = Attribute
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Attribute {n}")
    slug = factory.Sequence(lambda n: f"attribute-{n}")


class AttributeValueFactory(DjangoModelFactory):
    class Meta:
        model = AttributeValue
        django_get_or_create = ("attribute", "slug")

    attribute = factory.SubFactory(AttributeFactory)
    name = factory.Sequence(lambda n: f"Value {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


# The default variant's id is its product's plus this, never the same number: a test that
# passes a product id where a variant id belongs fails instead of passing by coincidence.
VARIANT_ID_OFFSET = 1_000_000


class ProductFactory(DjangoModelFactory):
    """A product of the type "General" with one default variant holding ``sku``, ``price``
    and ``stock_quantity`` (pass ``variants=False`` for none, to add your own)."""

    class Meta:
        model = Product
        skip_postgeneration_save = True

    category = factory.SubFactory(CategoryFactory)
    product_type = factory.SubFactory(ProductTypeFactory)
    title = factory.Sequence(lambda n: f"Product {n}")
    slug = factory.Sequence(lambda n: f"product-{n}")
    sku = factory.Sequence(lambda n: f"SKU-{n:06d}")
    brand = "Acme"
    description = "A dependable product for everyday use."
    price = Decimal("19.99")
    stock_quantity = 10
    is_active = True

    @factory.post_generation
    def variants(obj: Product, create: bool, extracted: Any, **kwargs: Any) -> None:
        if not create or extracted is False:
            return
        ProductVariant.objects.create(
            pk=obj.pk + VARIANT_ID_OFFSET,
            product=obj,
            sku=obj.sku,
            price=obj.price,
            stock_quantity=obj.stock_quantity,
        )
        product_variants_sync(product_id=obj.pk)


def variant_of(product: Product) -> ProductVariant:
    """The product's one (default) variant."""
    return ProductVariant.objects.get(product=product)


def sized_product(
    *,
    title: str = "Arden Knit Cardigan",
    colours: tuple[str, ...] = ("Camel", "Navy"),
    sizes: tuple[str, ...] = ("S", "M", "L"),
    price: Decimal = Decimal("94.99"),
    stock: int = 3,
    **fields: Any,
) -> Product:
    """A product of a "Cardigan" type sold in ``colours`` x ``sizes``, each variant with
    ``stock`` units at ``price`` (tests change single variants afterwards)."""
    colour, _c = Attribute.objects.get_or_create(slug="colour", defaults={"name": "Colour"})
    size, _s = Attribute.objects.get_or_create(slug="size", defaults={"name": "Size"})
    cardigan, _t = ProductType.objects.get_or_create(slug="cardigan", defaults={"name": "Cardigan"})
    for position, attribute in enumerate((colour, size)):
        ProductTypeAttribute.objects.get_or_create(
            product_type=cardigan,
            attribute=attribute,
            defaults={"role": ProductTypeAttribute.Role.VARIANT, "position": position},
        )
    product = cast(
        Product, ProductFactory(title=title, product_type=cardigan, variants=False, **fields)
    )
    position = 0
    for colour_name in colours:
        colour_value = cast(
            AttributeValue, AttributeValueFactory(attribute=colour, name=colour_name)
        )
        for size_name in sizes:
            size_value = cast(
                AttributeValue,
                AttributeValueFactory(
                    attribute=size, name=size_name, position=sizes.index(size_name)
                ),
            )
            product_variant_create(
                product=product,
                sku=f"{product.sku}-{colour_value.slug}-{size_value.slug}".upper(),
                price=price,
                stock=stock,
                options=[colour_value, size_value],
                position=position,
            )
            position += 1
    product.refresh_from_db()
    return product


def stock_set(product: Product, quantity: int) -> None:
    """Put ``quantity`` units on the shelf of the product's only variant (as staff would)."""
    variant_stock_set(variant_id=variant_of(product).pk, quantity=quantity)
    product.refresh_from_db()
