"""The demo's attributes, their values and the product types, and the products' attribute
values and variants.

Types and attributes are a few hundred rows, written through ``get_or_create``; variants and
value links are bulk inserts (the large demo has about 100,000 variants), after which each
product's lowest price, total stock and search words are set in bulk, as the catalogue's
``product_variants_sync`` would set them one product at a time.
"""

from __future__ import annotations

from django.db.models import Min, Sum

from shop.catalogue.models import (
    Attribute,
    AttributeValue,
    Product,
    ProductAttributeValue,
    ProductType,
    ProductTypeAttribute,
    ProductVariant,
    VariantOption,
)
from shop.catalogue.search import attributes_search_text
from shop.demo.engine import build_attributes, build_product_types
from shop.demo.engine.variants import slugify
from shop.taxes.models import TaxClass

from .run import SeedRun, batched

ValueIds = dict[tuple[str, str], int]


def product_types_seed(*, run: SeedRun) -> tuple[dict[str, int], ValueIds]:
    """Create the attributes, values and types not there yet; returns type ids by slug and
    value ids by (attribute slug, value)."""
    run.report.step("Product types and attributes")
    attributes: dict[str, Attribute] = {}
    for spec in build_attributes():
        attributes[spec.slug], _created = Attribute.objects.get_or_create(
            slug=spec.slug,
            defaults={
                "name": spec.name,
                "unit": spec.unit,
                "input_type": Attribute.InputType.NUMBER
                if spec.unit
                else Attribute.InputType.CHOICE,
            },
        )
    existing = {(v.attribute_id, v.slug): v.pk for v in AttributeValue.objects.all()}
    new = [
        AttributeValue(
            attribute=attributes[spec.slug],
            name=name,
            slug=slugify(name),
            numeric=number,
            position=position,
        )
        for spec in build_attributes()
        for position, (name, number) in enumerate(spec.values)
        if (attributes[spec.slug].pk, slugify(name)) not in existing
    ]
    AttributeValue.objects.bulk_create(new)
    by_pk = {a.pk: slug for slug, a in attributes.items()}
    value_ids: ValueIds = {}
    names = {
        (spec.slug, slugify(name)): name for spec in build_attributes() for name, _n in spec.values
    }
    for pk, attribute_id, slug in AttributeValue.objects.values_list("pk", "attribute_id", "slug"):
        key = (by_pk.get(attribute_id, ""), slug)
        if key in names:
            value_ids[(key[0], names[key])] = pk
    books = TaxClass.objects.filter(slug="books").first()
    type_ids: dict[str, int] = {}
    for type_spec in build_product_types():
        product_type, _created = ProductType.objects.get_or_create(
            slug=type_spec.slug,
            defaults={
                "name": type_spec.name,
                "tax_class": books if type_spec.tax_class == "books" else None,
            },
        )
        type_ids[type_spec.slug] = product_type.pk
        roles = [(slug, ProductTypeAttribute.Role.PRODUCT) for slug in type_spec.attributes]
        roles += [(slug, ProductTypeAttribute.Role.VARIANT) for slug in type_spec.options]
        for position, (slug, role) in enumerate(roles):
            ProductTypeAttribute.objects.get_or_create(
                product_type=product_type,
                attribute=attributes[slug],
                defaults={"role": role, "position": position},
            )
    run.report.line(f"  {len(type_ids)} types, {len(attributes)} attributes, {len(new)} new values")
    return type_ids, value_ids


def variants_seed(*, run: SeedRun, product_ids: list[int], value_ids: ValueIds) -> None:
    """Give products without variants theirs, with their options, and their attribute
    values; then each product's price, stock and search words from its variants."""
    run.report.step("Variants")
    with_variants = set(ProductVariant.objects.values_list("product_id", flat=True))
    todo = [
        (pid, spec)
        for pid, spec in zip(product_ids, run.shop.products, strict=True)
        if pid not in with_variants
    ]
    # As with product slugs: a variant SKU another product already holds gets a number.
    skus = set(ProductVariant.objects.values_list("sku", flat=True))

    def free_sku(sku: str) -> str:
        candidate, number = sku, 2
        while candidate in skus:
            candidate, number = f"{sku}-{number}", number + 1
        skus.add(candidate)
        return candidate

    for chunk in batched(todo):
        planned = [
            (pid, position, variant, free_sku(variant.sku))
            for pid, spec in chunk
            for position, variant in enumerate(spec.variants)
        ]
        ProductVariant.objects.bulk_create(
            ProductVariant(
                product_id=pid,
                sku=sku,
                name=" / ".join(value for _attribute, value in variant.options),
                price=variant.price,
                stock_quantity=variant.stock,
                position=position,
            )
            for pid, position, variant, sku in planned
        )
        variant_ids = dict(
            ProductVariant.objects.filter(product_id__in=[pid for pid, _s in chunk]).values_list(
                "sku", "pk"
            )
        )
        VariantOption.objects.bulk_create(
            VariantOption(variant_id=variant_ids[sku], value_id=value_ids[option])
            for _pid, _position, variant, sku in planned
            for option in variant.options
        )
        ProductAttributeValue.objects.bulk_create(
            ProductAttributeValue(product_id=pid, value_id=value_ids[attribute])
            for pid, spec in chunk
            for attribute in spec.attributes
        )
    _products_from_variants(run, [pid for pid, _spec in todo])
    run.report.line(f"  {sum(len(spec.variants) for _p, spec in todo)} variants created")


def _products_from_variants(run: SeedRun, product_ids: list[int]) -> None:
    """Lowest price, total stock and search words of each product, from its variants."""
    totals = {
        row["product_id"]: row
        for row in ProductVariant.objects.filter(product_id__in=product_ids, is_active=True)
        .values("product_id")
        .annotate(low=Min("price"), stock=Sum("stock_quantity"))
    }
    words: dict[int, list[str]] = {pid: [] for pid in product_ids}
    rows = VariantOption.objects.filter(variant__product_id__in=product_ids).values_list(
        "variant__product_id", "value__name"
    )
    for pid, name in [
        *rows,
        *ProductAttributeValue.objects.filter(product_id__in=product_ids).values_list(
            "product_id", "value__name"
        ),
        *ProductVariant.objects.filter(product_id__in=product_ids).values_list("product_id", "sku"),
    ]:
        words[pid].append(name)
    updates = [
        Product(
            pk=pid,
            price=totals[pid]["low"],
            stock_quantity=totals[pid]["stock"] or 0,
            attributes_text=attributes_search_text(words[pid]),
        )
        for pid in product_ids
        if pid in totals
    ]
    for chunk in batched(updates):
        Product.objects.bulk_update(chunk, ["price", "stock_quantity", "attributes_text"])
