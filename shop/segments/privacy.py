"""Segments' share of a customer's data: the profile staff see of them (their right to know
about profiling). The assignment goes with the account (cascade)."""

from __future__ import annotations

from typing import Any

from shop.accounts.models import User
from shop.core.privacy import PrivacySection, register

from .models import CustomerSegment


def export_segment(user: User) -> dict[str, Any] | None:
    assignment = CustomerSegment.objects.filter(user=user).first()
    if assignment is None:
        return None
    return {
        "segment": assignment.get_segment_display(),
        "recency_days": assignment.recency_days,
        "orders": assignment.frequency,
        "spend": str(assignment.monetary),
    }


def connect() -> None:
    register(PrivacySection("segment", export_segment))
