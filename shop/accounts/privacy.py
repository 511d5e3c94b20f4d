"""The account's own share of a customer's data: the account itself and the address book."""

from __future__ import annotations

from typing import Any

from shop.core.privacy import PrivacySection, register

from .models import User


def export_account(user: User) -> dict[str, Any]:
    return {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
    }


def export_addresses(user: User) -> list[Any]:
    return list(
        user.addresses.values(
            "full_name", "line1", "line2", "city", "postcode", "country", "phone", "is_default"
        )
    )


def connect() -> None:
    # Addresses go with the user row (cascade), so neither section needs an eraser.
    register(PrivacySection("account", export_account))
    register(PrivacySection("addresses", export_addresses))
