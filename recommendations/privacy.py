"""Recommendations' share of a customer's data: their activity (views, cart additions,
purchases, ratings, "not interested") and what the rows showed them or they clicked there. It
goes with the user row (cascade)."""

from __future__ import annotations

from typing import Any

from shop.accounts.models import User
from shop.core.privacy import PrivacySection, register

from .models import Interaction, RowEvent


def export_activity(user: User) -> list[dict[str, Any]]:
    return [
        {"product": i["product__title"], "kind": i["kind"], "at": i["created_at"].isoformat()}
        for i in Interaction.objects.filter(user=user)
        .order_by("created_at")
        .values("product__title", "kind", "created_at")
    ]


def export_recommendations_seen(user: User) -> list[dict[str, Any]]:
    return [
        {
            "product": e["product__title"],
            "kind": e["kind"],
            "placement": e["placement"],
            "position": e["position"],
            "at": e["created_at"].isoformat(),
        }
        for e in RowEvent.objects.filter(user=user)
        .order_by("created_at")
        .values("product__title", "kind", "placement", "position", "created_at")
    ]


def connect() -> None:
    register(PrivacySection("activity", export_activity))
    register(PrivacySection("recommendations_seen", export_recommendations_seen))
