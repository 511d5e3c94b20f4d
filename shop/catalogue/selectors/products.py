"""A product's variants, options and attributes as its page and the API show them.

``product_page`` answers the option selector: for the shopper's current choice (``?colour=camel
&size=xl``) which variant that is, and for every value of every option the price and stock it
would give with the other options as chosen, so the page can say "XL · €94.99 · 3 left" or
"sold out" next to each choice, without JavaScript. ``static/js/variants.js`` does the same
sums in the browser from the variant table the page prints.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from ..models import (
    Product,
    ProductTypeAttribute,
    ProductVariant,
    VariantOption,
)
from .types import product_attribute_data


@dataclass(frozen=True)
class VariantView:
    id: int
    sku: str
    name: str
    price: Decimal
    stock: int
    image_url: str
    # attribute slug -> value slug
    options: dict[str, str]

    @property
    def in_stock(self) -> bool:
        return self.stock > 0

    @property
    def name_parts(self) -> list[str]:
        """The option values in the type's order ("Camel", "XL"), as its name lists them."""
        return self.name.split(" / ") if self.name else []

    @property
    def option_key(self) -> str:
        """``colour=camel;size=xl``: what the page's script matches choices against."""
        return ";".join(f"{a}={v}" for a, v in sorted(self.options.items()))


@dataclass(frozen=True)
class OptionChoice:
    slug: str
    name: str
    selected: bool
    # With the other options as chosen: the matching variants' lowest price (None when no
    # variant has this value with them), their stock, and whether the price is exact (every
    # other option chosen) or a "from" price.
    price: Decimal | None
    stock: int
    exact: bool

    @property
    def exists(self) -> bool:
        return self.price is not None

    @property
    def available(self) -> bool:
        return self.stock > 0


@dataclass(frozen=True)
class OptionGroup:
    slug: str
    name: str
    choices: list[OptionChoice]

    @property
    def selected(self) -> OptionChoice | None:
        return next((choice for choice in self.choices if choice.selected), None)


@dataclass(frozen=True)
class Specification:
    name: str
    value: str


@dataclass(frozen=True)
class ProductPage:
    product: Product
    variants: list[VariantView]
    options: list[OptionGroup]
    # The variant the choice names (or the only one); None until every option is chosen.
    selected: VariantView | None
    specifications: list[Specification]

    @property
    def has_options(self) -> bool:
        return bool(self.options)

    @property
    def price_varies(self) -> bool:
        return len({variant.price for variant in self.variants}) > 1

    @property
    def stock(self) -> int:
        return self.selected.stock if self.selected else sum(v.stock for v in self.variants)


def _variant_queryset() -> QuerySet[ProductVariant]:
    return ProductVariant.objects.select_related("product").prefetch_related(
        Prefetch(
            "option_values",
            queryset=VariantOption.objects.select_related("value__attribute"),
        )
    )


def variant_list_for_product(*, product: Product) -> list[ProductVariant]:
    """The product's active variants with their options, in their order (two queries)."""
    return list(_variant_queryset().filter(product=product, is_active=True))


def variant_get(*, variant_id: int) -> ProductVariant | None:
    """Any variant, sold or not (the cart explains why one can no longer be bought)."""
    return (
        ProductVariant.objects.select_related("product__product_type").filter(pk=variant_id).first()
    )


def variant_get_active(*, variant_id: int) -> ProductVariant | None:
    return (
        ProductVariant.objects.select_related("product__product_type", "product__category")
        .filter(pk=variant_id, is_active=True, product__is_active=True)
        .first()
    )


def variants_in_bulk(ids: Iterable[int]) -> dict[int, ProductVariant]:
    """Variants by id with their product, its category and type, in one query."""
    return ProductVariant.objects.select_related(
        "product__category", "product__product_type"
    ).in_bulk(list(ids))


def default_variant_ids(product_ids: Iterable[int]) -> dict[int, int]:
    """For products with exactly one active variant: that variant's id (old carts and clients
    that name a product, not a variant)."""
    found: dict[int, list[int]] = {}
    rows = ProductVariant.objects.filter(product_id__in=list(product_ids), is_active=True)
    for product_id, variant_id in rows.values_list("product_id", "pk").order_by("position", "pk"):
        found.setdefault(product_id, []).append(variant_id)
    return {pid: ids[0] for pid, ids in found.items() if len(ids) == 1}


def _type_layout(product: Product) -> list[ProductTypeAttribute]:
    """The type's attributes with their roles, in order (one query)."""
    return list(
        ProductTypeAttribute.objects.filter(product_type_id=product.product_type_id)
        .select_related("attribute")
        .order_by("role", "position", "id")
    )


def product_specifications(
    *, product: Product, layout: list[ProductTypeAttribute] | None = None
) -> list[Specification]:
    """The product's attribute values by attribute, in its type's order ("Material: Merino")."""
    return [
        Specification(entry["name"], ", ".join(value["name"] for value in entry["values"]))
        for entry in product_attribute_data(product=product, layout=layout)
    ]


def _view(variant: ProductVariant) -> VariantView:
    return VariantView(
        id=variant.pk,
        sku=variant.sku,
        name=variant.name,
        price=variant.price,
        stock=variant.stock_quantity,
        image_url=variant.image_url,
        options={o.value.attribute.slug: o.value.slug for o in variant.option_values.all()},
    )


def product_page(*, product: Product, choice: Mapping[str, str]) -> ProductPage:
    """The product with its variants and the option selector for ``choice`` (attribute slug ->
    value slug; ``variant`` -> a variant id also works). Four queries: the variants, their
    options, the type's attributes, the product's attribute values."""
    rows = variant_list_for_product(product=product)
    variants = [_view(v) for v in rows]
    layout = _type_layout(product)
    attributes = [
        (row.attribute.slug, row.attribute.name)
        for row in layout
        if row.role == ProductTypeAttribute.Role.VARIANT
    ]
    values = sorted(
        {option.value for variant in rows for option in variant.option_values.all()},
        key=lambda value: (value.position, value.numeric or 0, value.name),
    )
    names = {(value.attribute.slug, value.slug): value.name for value in values}
    chosen = {slug: str(choice[slug]) for slug, _name in attributes if choice.get(slug)}
    by_id = {str(variant.id): variant for variant in variants}
    if str(choice.get("variant", "")) in by_id:
        chosen = dict(by_id[str(choice["variant"])].options)
    groups = []
    for slug, name in attributes:
        others = {a: v for a, v in chosen.items() if a != slug}
        choices = []
        for (attribute_slug, value_slug), value_name in names.items():
            if attribute_slug != slug:
                continue
            matching = [
                v
                for v in variants
                if v.options.get(slug) == value_slug
                and all(v.options.get(a) == b for a, b in others.items())
            ]
            choices.append(
                OptionChoice(
                    slug=value_slug,
                    name=value_name,
                    selected=chosen.get(slug) == value_slug,
                    price=min((v.price for v in matching), default=None),
                    stock=sum(v.stock for v in matching),
                    exact=len(others) == len(attributes) - 1,
                )
            )
        groups.append(OptionGroup(slug=slug, name=name, choices=choices))
    selected = None
    if len(variants) == 1:
        selected = variants[0]
    elif attributes and len(chosen) == len(attributes):
        selected = next((v for v in variants if v.options == chosen), None)
    return ProductPage(
        product=product,
        variants=variants,
        options=groups,
        selected=selected,
        specifications=product_specifications(product=product, layout=layout),
    )


def variant_for_choice(*, product: Product, choice: Mapping[str, str]) -> ProductVariant | None:
    """The active variant of ``product`` that ``choice`` names (a ``variant`` id or one value
    per option), or its only variant; None while the choice is incomplete or matches none."""
    variants = variant_list_for_product(product=product)
    wanted = str(choice.get("variant") or "")
    if wanted:
        return next((v for v in variants if str(v.pk) == wanted), None)
    if len(variants) == 1:
        return variants[0]
    page = product_page(product=product, choice=choice)
    if page.selected is None:
        return None
    return next((v for v in variants if v.pk == page.selected.id), None)
