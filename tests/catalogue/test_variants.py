"""Products with options: variants with their own SKU, price and stock; the product keeps
their lowest price and total stock; the option selector shows price and stock per choice."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shop.catalogue.errors import CatalogueError, OutOfStockError
from shop.catalogue.factories import ProductFactory, sized_product, variant_of
from shop.catalogue.models import AttributeValue, Product, ProductVariant
from shop.catalogue.search import product_search_queryset
from shop.catalogue.selectors import product_page, variant_for_choice
from shop.catalogue.services import (
    product_variants_sync,
    stock_release,
    stock_reserve,
    variant_options_set,
    variant_stock_set,
)

pytestmark = pytest.mark.django_db


def variant(product: Product, colour: str, size: str) -> ProductVariant:
    return next(
        v
        for v in product.variants.prefetch_related("option_values__value")
        if {o.value.slug for o in v.option_values.all()} == {colour.lower(), size.lower()}
    )


@pytest.fixture
def cardigan() -> Product:
    product = sized_product(colours=("Camel", "Navy"), sizes=("S", "M", "L"), stock=3)
    navy_l = variant(product, "navy", "l")
    navy_l.price = Decimal("99.99")
    navy_l.save()
    variant_stock_set(variant_id=variant(product, "camel", "m").pk, quantity=0)
    product_variants_sync(product_id=product.pk)
    product.refresh_from_db()
    return product


def test_variants_are_named_by_their_options_and_the_product_keeps_their_totals(cardigan):
    names = sorted(cardigan.variants.values_list("name", flat=True))
    assert names == ["Camel / L", "Camel / M", "Camel / S", "Navy / L", "Navy / M", "Navy / S"]
    assert cardigan.price == Decimal("94.99")  # the lowest of its variants
    assert cardigan.stock_quantity == 5 * 3  # Camel / M is sold out
    assert "Camel" in cardigan.attributes_text and variant(cardigan, "navy", "l").sku in (
        cardigan.attributes_text
    )


def test_an_inactive_variant_neither_counts_nor_sells(cardigan):
    navy_s = variant(cardigan, "navy", "s")
    navy_s.is_active = False
    navy_s.save()
    product_variants_sync(product_id=cardigan.pk)
    cardigan.refresh_from_db()
    assert cardigan.stock_quantity == 4 * 3
    assert variant_for_choice(product=cardigan, choice={"colour": "navy", "size": "s"}) is None


def test_each_choice_shows_the_price_and_stock_it_would_give(cardigan):
    page = product_page(product=cardigan, choice={"colour": "navy"})
    colour, size = page.options
    assert [(c.name, c.selected) for c in colour.choices] == [("Camel", False), ("Navy", True)]
    large = next(c for c in size.choices if c.slug == "l")
    assert (large.price, large.stock, large.exact) == (Decimal("99.99"), 3, True)
    assert page.selected is None  # the size is not chosen yet
    # With camel chosen, M is there but sold out.
    page = product_page(product=cardigan, choice={"colour": "camel", "size": "m"})
    medium = next(c for c in page.options[1].choices if c.slug == "m")
    assert medium.exists and not medium.available
    assert page.selected is not None and page.selected.stock == 0
    # With nothing chosen, a colour's price is a "from" price over its sizes.
    navy = next(c for c in product_page(product=cardigan, choice={}).options[0].choices)
    assert not navy.exact


def test_a_complete_choice_names_one_variant(cardigan):
    chosen = variant_for_choice(product=cardigan, choice={"colour": "navy", "size": "l"})
    assert chosen == variant(cardigan, "navy", "l")
    assert variant_for_choice(product=cardigan, choice={"colour": "navy"}) is None
    assert variant_for_choice(product=cardigan, choice={"variant": str(chosen.pk)}) == chosen
    plain = ProductFactory()
    assert variant_for_choice(product=plain, choice={}) == variant_of(plain)


def test_options_must_fit_the_type_and_be_unique_within_the_product(cardigan):
    camel = AttributeValue.objects.get(attribute__slug="colour", slug="camel")
    small = AttributeValue.objects.get(attribute__slug="size", slug="s")
    navy_l = variant(cardigan, "navy", "l")
    with pytest.raises(CatalogueError, match="already has these options"):
        variant_options_set(variant=navy_l, values=[camel, small])
    with pytest.raises(CatalogueError, match="needs one value of each"):
        variant_options_set(variant=navy_l, values=[camel])


def test_stock_is_reserved_and_released_per_variant_and_the_product_follows(cardigan):
    navy_l, camel_s = variant(cardigan, "navy", "l"), variant(cardigan, "camel", "s")
    stock_reserve(quantities={navy_l.pk: 2, camel_s.pk: 3})
    navy_l.refresh_from_db()
    camel_s.refresh_from_db()
    cardigan.refresh_from_db()
    assert (navy_l.stock_quantity, camel_s.stock_quantity, cardigan.stock_quantity) == (1, 0, 10)
    with pytest.raises(OutOfStockError, match=r"Arden Knit Cardigan \(Camel / S\) is out of stock"):
        stock_reserve(quantities={camel_s.pk: 1})
    with pytest.raises(OutOfStockError, match=r"Only 1 of Arden Knit Cardigan \(Navy / L\)"):
        stock_reserve(quantities={navy_l.pk: 2})
    stock_release(quantities={camel_s.pk: 3})
    cardigan.refresh_from_db()
    assert cardigan.stock_quantity == 13


def test_search_finds_a_product_by_its_options_and_a_variants_sku(cardigan):
    ProductFactory(title="Plain Scarf")
    found = product_search_queryset(Product.objects.all(), "navy cardigan")
    assert list(found) == [cardigan]
    sku = variant(cardigan, "navy", "l").sku
    assert list(product_search_queryset(Product.objects.all(), sku)) == [cardigan]
