"""Product types' attributes in use: products' attribute values, variants and their options,
and what a product keeps from its variants (lowest price, total stock, search words)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db import transaction
from django.db.models import Min, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ..errors import CatalogueError
from ..models import (
    AttributeValue,
    Product,
    ProductAttributeValue,
    ProductTypeAttribute,
    ProductVariant,
    VariantOption,
)
from ..search import attributes_search_text
from .freshness import product_pages_touch


def _type_attributes(product: Product, role: str) -> list[int]:
    return list(
        ProductTypeAttribute.objects.filter(product_type_id=product.product_type_id, role=role)
        .order_by("position", "id")
        .values_list("attribute_id", flat=True)
    )


def variant_options_problems(
    *, product: Product, values: Sequence[AttributeValue], variant_id: int | None = None
) -> list[str]:
    """Why ``values`` cannot be a variant's options: one value of each of the type's variant
    attributes, and no other variant of the product with the same ones."""
    wanted = _type_attributes(product, ProductTypeAttribute.Role.VARIANT)
    problems = []
    given = [value.attribute_id for value in values]
    if sorted(given) != sorted(wanted):
        names = ", ".join(
            str(a.attribute)
            for a in ProductTypeAttribute.objects.filter(
                product_type_id=product.product_type_id, role=ProductTypeAttribute.Role.VARIANT
            ).select_related("attribute")
        )
        problems.append(
            _("A variant of a %(type)s needs one value of each of: %(names)s.")
            % {"type": product.product_type, "names": names or _("no options")}
        )
    chosen = {value.pk for value in values}
    others = (
        product.variants.all() if variant_id is None else product.variants.exclude(pk=variant_id)
    )
    for other in others.prefetch_related("option_values"):
        if {option.value_id for option in other.option_values.all()} == chosen:
            problems.append(_("Variant %(sku)s already has these options.") % {"sku": other.sku})
    return problems


def _label(values: Iterable[AttributeValue], order: list[int]) -> str:
    by_attribute = {value.attribute_id: value.name for value in values}
    return " / ".join(by_attribute[a] for a in order if a in by_attribute)


@transaction.atomic
def variant_options_set(
    *, variant: ProductVariant, values: Sequence[AttributeValue]
) -> ProductVariant:
    """Give ``variant`` its options (refused if they do not fit its type, see above)."""
    product = variant.product
    problems = variant_options_problems(product=product, values=values, variant_id=variant.pk)
    if problems:
        raise CatalogueError(" ".join(problems))
    VariantOption.objects.filter(variant=variant).delete()
    VariantOption.objects.bulk_create(VariantOption(variant=variant, value=v) for v in values)
    variant.name = _label(values, _type_attributes(product, ProductTypeAttribute.Role.VARIANT))
    variant.save(update_fields=["name", "updated_at"])
    product_variants_sync(product_id=product.pk)
    return variant


@transaction.atomic
def product_variant_create(
    *,
    product: Product,
    sku: str,
    price: Decimal,
    stock: int = 0,
    options: Sequence[AttributeValue] = (),
    position: int = 0,
    is_active: bool = True,
) -> ProductVariant:
    variant = ProductVariant(
        product=product,
        sku=sku,
        price=price,
        stock_quantity=stock,
        position=position,
        is_active=is_active,
    )
    variant.full_clean(exclude=["product"])
    variant.save()
    if options or _type_attributes(product, ProductTypeAttribute.Role.VARIANT):
        variant_options_set(variant=variant, values=options)
    else:
        product_variants_sync(product_id=product.pk)
    return variant


@transaction.atomic
def product_attribute_values_set(*, product: Product, values: Sequence[AttributeValue]) -> Product:
    """Replace the product's attribute values; each must be of one of its type's product
    attributes (a multi-valued attribute may have several)."""
    allowed = set(_type_attributes(product, ProductTypeAttribute.Role.PRODUCT))
    stray = [value for value in values if value.attribute_id not in allowed]
    if stray:
        raise CatalogueError(
            _("%(type)s has no attribute for: %(values)s.")
            % {"type": product.product_type, "values": ", ".join(v.name for v in stray)}
        )
    ProductAttributeValue.objects.filter(product=product).delete()
    ProductAttributeValue.objects.bulk_create(
        ProductAttributeValue(product=product, value=value) for value in values
    )
    product_variants_sync(product_id=product.pk)
    return product


def _search_words(product_id: int) -> str:
    values = AttributeValue.objects.filter(
        pk__in=ProductAttributeValue.objects.filter(product_id=product_id).values("value_id")
    ).values_list("name", flat=True)
    options = AttributeValue.objects.filter(
        variant_options__variant__product_id=product_id
    ).values_list("name", flat=True)
    skus = ProductVariant.objects.filter(product_id=product_id).values_list("sku", flat=True)
    return attributes_search_text([*values, *options, *skus])


@transaction.atomic
def product_variants_sync(*, product_id: int) -> None:
    """Recompute what the product keeps from its variants: the lowest price of its active
    variants, their total stock, and the words search finds it by.

    The product row is locked first, so a checkout reserving stock meanwhile either finishes
    before (and is counted) or applies its increment after (see ``stock``).
    """
    Product.objects.select_for_update().filter(pk=product_id).first()
    active = ProductVariant.objects.filter(product_id=product_id, is_active=True)
    totals = active.aggregate(price=Min("price"), stock=Sum("stock_quantity"))
    Product.objects.filter(pk=product_id).update(
        price=totals["price"] if totals["price"] is not None else Decimal("0"),
        stock_quantity=totals["stock"] or 0,
        attributes_text=_search_words(product_id),
        updated_at=timezone.now(),
    )
    # A variant's new price, stock or options shows at once on the product's page.
    product_pages_touch(product_ids=[product_id])
