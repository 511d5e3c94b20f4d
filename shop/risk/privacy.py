"""Order risk's share of a customer's data: their failed card payments (deleted with the
account by cascade). Risk scores belong to orders, which are kept anonymised."""

from __future__ import annotations

from typing import Any

from shop.accounts.models import User
from shop.core.privacy import PrivacySection, register

from .models import PaymentFailure


def export_failed_payments(user: User) -> list[dict[str, Any]]:
    return [
        {"kind": f["kind"], "amount": str(f["amount"]), "at": f["created_at"].isoformat()}
        for f in PaymentFailure.objects.filter(user=user).values("kind", "amount", "created_at")
    ]


def connect() -> None:
    register(PrivacySection("failed_payments", export_failed_payments))
