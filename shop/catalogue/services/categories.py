"""The category tree and products' public ratings."""

from __future__ import annotations

from decimal import Decimal

from django.core.cache import cache
from django.db import transaction

from shop.core.request_memo import request_memo_forget

from ..models import Category, Product
from ..selectors import CATEGORY_TREE_CACHE_KEY
from .freshness import product_pages_touch


def category_tree_invalidate() -> None:
    """Drop the cached category tree once the current transaction commits."""
    request_memo_forget(CATEGORY_TREE_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(CATEGORY_TREE_CACHE_KEY))


def category_save(*, category: Category) -> Category:
    """Save a category (admin or import) and make the storefront see the new tree."""
    category.full_clean()
    category.save()
    category_tree_invalidate()
    return category


def category_delete(*, category: Category) -> None:
    category.delete()
    category_tree_invalidate()


def product_rating_set(*, product_id: int, average: Decimal, count: int) -> None:
    """Store a product's public rating, computed by the ratings app from visible reviews
    (denormalised so pages never aggregate reviews)."""
    Product.objects.filter(pk=product_id).update(rating_average=average, rating_count=count)
    # Every review written, edited, hidden or deleted comes here: the page shows it at once.
    product_pages_touch(product_ids=[product_id])
