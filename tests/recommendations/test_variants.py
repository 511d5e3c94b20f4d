"""Recommendations learn per product, whatever the variant bought, and serve a product only
while one of its variants is in stock."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from recommendations.models import Interaction
from recommendations.selectors import row_for_product
from shop.catalogue.factories import sized_product
from shop.catalogue.models import ProductVariant
from shop.catalogue.services import product_variant_create, variant_stock_set
from shop.orders.cart import DatabaseCartStore
from shop.orders.services import cart_add

pytestmark = pytest.mark.django_db


def test_a_cart_addition_of_any_size_is_a_signal_for_the_product(
    customer, django_capture_on_commit_callbacks
):
    cardigan = sized_product(colours=("Camel",), sizes=("M", "L"))
    large = cardigan.variants.get(name="Camel / L")
    with django_capture_on_commit_callbacks(execute=True):
        cart_add(store=DatabaseCartStore(customer), variant=large, quantity=1, user=customer)
    signal = Interaction.objects.get(user=customer, kind=Interaction.Kind.CART)
    assert signal.product_id == cardigan.pk


def test_a_product_is_served_while_any_variant_is_in_stock(taste_shop, rebuild):
    products, _ = taste_shop
    stove = products["stove"]
    # The stove now comes in a second variant; the first sells out.
    only = ProductVariant.objects.get(product=stove)
    product_variant_create(product=stove, sku="STOVE-BIG", price=only.price, stock=1)
    variant_stock_set(variant_id=only.pk, quantity=0)
    rebuild()
    titles = [p.title for p in row_for_product(product=products["tent"]).products]
    assert "Camp Stove" in titles
    variant_stock_set(variant_id=ProductVariant.objects.get(sku="STOVE-BIG").pk, quantity=0)
    cache.clear()
    titles = [p.title for p in row_for_product(product=products["tent"]).products]
    assert "Camp Stove" not in titles
