"""Recommendations' share of a customer's data: their activity (views, cart additions,
purchases, ratings). It goes with the user row (cascade)."""

from __future__ import annotations

from typing import Any

from shop.accounts.models import User
from shop.core.privacy import PrivacySection, register

from .models import Interaction


def export_activity(user: User) -> list[dict[str, Any]]:
    return [
        {"product": i["product__title"], "kind": i["kind"], "at": i["created_at"].isoformat()}
        for i in Interaction.objects.filter(user=user)
        .order_by("created_at")
        .values("product__title", "kind", "created_at")
    ]


def connect() -> None:
    register(PrivacySection("activity", export_activity))
