"""The category navigation every storefront page shows (cached; see ``category_tree``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .selectors import category_tree


def navigation(request: HttpRequest) -> dict[str, Any]:
    if request.path.startswith("/admin/"):
        return {}
    return {"nav_categories": category_tree().roots}
