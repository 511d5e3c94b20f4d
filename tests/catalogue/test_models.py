from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError

from shop.catalogue.factories import ProductFactory
from shop.catalogue.selectors import category_tree
from shop.catalogue.services import category_save

pytestmark = pytest.mark.django_db


def test_tree_descendants_cover_every_depth(tree):
    ids = category_tree().descendant_ids(tree["electronics"].id)
    assert set(ids) == {tree["electronics"].id, tree["audio"].id, tree["headphones"].id}
    assert category_tree().descendant_ids(tree["garden"].id) == [tree["garden"].id]


def test_tree_ancestors_give_breadcrumbs_root_first(tree):
    names = [node.name for node in category_tree().ancestors(tree["headphones"].id)]
    assert names == ["Electronics", "Audio", "Headphones"]


def test_saving_a_category_refreshes_the_cached_tree(tree, django_capture_on_commit_callbacks):
    assert "Audio" in [c.name for c in category_tree().by_id[tree["electronics"].id].children]
    audio = tree["audio"]
    audio.name = "Sound"
    with django_capture_on_commit_callbacks(execute=True):
        category_save(category=audio)
    assert category_tree().by_id[audio.id].name == "Sound"


def test_product_without_image_uses_placeholder():
    product = ProductFactory()
    assert product.image_url.endswith("img/placeholder.svg")


def test_product_in_stock_flag():
    assert ProductFactory(stock_quantity=1).in_stock
    assert not ProductFactory(stock_quantity=0).in_stock


def test_negative_price_is_refused_by_the_database():
    with pytest.raises(IntegrityError):
        ProductFactory(price=Decimal("-1.00"))


def test_sku_is_unique():
    ProductFactory(sku="DUP-1")
    with pytest.raises(IntegrityError):
        ProductFactory(sku="DUP-1")
