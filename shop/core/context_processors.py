"""Data every storefront page needs from core: the shop's name. The category navigation and
the cart count come from the catalogue's and orders' own context processors."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def storefront(request: HttpRequest) -> dict[str, Any]:
    if request.path.startswith("/admin/"):
        return {}
    return {"shop_name": settings.SHOP_NAME}
