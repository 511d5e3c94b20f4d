"""The wishlist's share of a customer's data: what they saved, deleted with the account."""

from __future__ import annotations

from typing import Any

from shop.accounts.models import User
from shop.core.privacy import PrivacySection, register

from .models import SavedItem


def export_saved_items(user: User) -> list[dict[str, Any]]:
    return [
        {
            "product": item.product.title,
            "variant": item.variant.name if item.variant else "",
            "price_when_saved": str(item.saved_price),
            "waiting_for_stock": item.wants_restock_alert,
            "saved": item.created_at.isoformat(),
        }
        for item in SavedItem.objects.filter(user=user).select_related("product", "variant")
    ]


def erase_saved_items(user: User) -> None:
    SavedItem.objects.filter(user=user).delete()


def connect() -> None:
    register(PrivacySection("wishlist", export_saved_items, erase_saved_items))
