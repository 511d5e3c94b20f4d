"""Writes to the catalogue, stock levels included.

Like Saleor's ``warehouse/management.py``, every change of ``Product.stock_quantity`` goes
through here: checkout reserves (locks, re-checks and decrements in one step) and cancellations
and failed payments release.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from .errors import OutOfStockError
from .models import Category, Product
from .selectors import CATEGORY_TREE_CACHE_KEY


def category_tree_invalidate() -> None:
    """Drop the cached category tree once the current transaction commits."""
    transaction.on_commit(lambda: cache.delete(CATEGORY_TREE_CACHE_KEY))


def category_save(*, category: Category) -> Category:
    """Save a category (admin or import) and make the storefront see the new tree."""
    category.full_clean()
    category.save()
    category_tree_invalidate()
    return category


def product_rating_set(*, product_id: int, average: Decimal, count: int) -> None:
    """Store a product's public rating, computed by the ratings app from visible reviews
    (denormalised so pages never aggregate reviews)."""
    Product.objects.filter(pk=product_id).update(rating_average=average, rating_count=count)


def category_delete(*, category: Category) -> None:
    category.delete()
    category_tree_invalidate()


def stock_reserve(*, quantities: Mapping[int, int]) -> dict[int, Product]:
    """Take ``quantities`` (product id -> units) out of stock, all or nothing.

    Must run inside the transaction that records what the stock was taken for. The rows are
    locked in id order, so concurrent checkouts queue instead of deadlocking, and availability
    is re-checked under the lock, so two buyers can never both get the last unit. Returns the
    locked products (with their stock as it was before the reservation).
    """
    locked = {
        product.pk: product
        for product in Product.objects.select_for_update()
        .filter(pk__in=sorted(quantities))
        .order_by("pk")
    }
    problems = []
    for product_id, quantity in sorted(quantities.items()):
        product = locked.get(product_id)
        if product is None or not product.is_active:
            problems.append(_("A product in your cart is no longer sold."))
        elif product.stock_quantity < quantity:
            if product.stock_quantity == 0:
                problems.append(_("%(title)s is out of stock.") % {"title": product.title})
            else:
                problems.append(
                    _("Only %(stock)d of %(title)s left.")
                    % {"stock": product.stock_quantity, "title": product.title}
                )
    if problems:
        raise OutOfStockError(" ".join(problems))
    for product_id, quantity in quantities.items():
        Product.objects.filter(pk=product_id).update(stock_quantity=F("stock_quantity") - quantity)
    return locked


def stock_release(*, quantities: Mapping[int, int]) -> None:
    """Put ``quantities`` back into stock (a cancelled order, a failed payment). Products
    deleted since are skipped."""
    for product_id, quantity in quantities.items():
        if quantity > 0:
            Product.objects.filter(pk=product_id).update(
                stock_quantity=F("stock_quantity") + quantity
            )
