"""The cart count in every storefront page's header, and the same link for cached pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from .cart import cart_store_for
from .selectors import cart_item_count


def cart_count_for(request: HttpRequest) -> int:
    return cart_item_count(store=cart_store_for(request))


def cart(request: HttpRequest) -> dict[str, Any]:
    if request.path.startswith("/admin/"):
        return {}
    return {"cart_count": cart_count_for(request)}


def cart_link(request: HttpRequest) -> str:
    """The header's cart link for this visitor: the hole orders leaves in cached pages."""
    return render_to_string("includes/cart_link.html", {"cart_count": cart_count_for(request)})
