"""Data every storefront page needs: the shop's name and the category navigation."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from shop.catalogue.selectors import category_tree
from shop.orders.cart import cart_store_for
from shop.orders.selectors import cart_item_count


def storefront(request: HttpRequest) -> dict[str, Any]:
    if request.path.startswith("/admin/"):
        return {}
    return {
        "shop_name": settings.SHOP_NAME,
        "nav_categories": category_tree().roots,
        "cart_count": cart_count_for(request),
    }


def cart_count_for(request: HttpRequest) -> int:
    return cart_item_count(store=cart_store_for(request))
