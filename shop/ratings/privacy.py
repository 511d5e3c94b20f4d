"""Reviews' share of a customer's data: their reviews, deleted with the account (and the
products' public ratings recomputed without them)."""

from __future__ import annotations

from typing import Any

from shop.accounts.models import User
from shop.core.privacy import PrivacySection, register

from .models import Review
from .services import product_rating_refresh


def export_reviews(user: User) -> list[dict[str, Any]]:
    return [
        {
            "product": r["product__title"],
            "stars": r["stars"],
            "title": r["title"],
            "body": r["body"],
            "updated": r["updated_at"].isoformat(),
        }
        for r in Review.objects.filter(user=user).values(
            "product__title", "stars", "title", "body", "updated_at"
        )
    ]


def erase_reviews(user: User) -> None:
    reviewed = list(Review.objects.filter(user=user).values_list("product_id", flat=True))
    Review.objects.filter(user=user).delete()
    for product_id in reviewed:
        product_rating_refresh(product_id=product_id)


def connect() -> None:
    register(PrivacySection("reviews", export_reviews, erase_reviews))
