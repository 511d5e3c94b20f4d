"""Reads for customer accounts; everything is scoped to its owner."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from shop.core import privacy

from .models import Address, User


def address_list(*, user: User) -> QuerySet[Address]:
    return Address.objects.filter(user=user)


def address_get_owned(*, user: User, address_id: int) -> Address:
    """The customer's own address, or 404: other customers' ids look like missing ones."""
    return get_object_or_404(Address, pk=address_id, user=user)


def account_export(*, user: User) -> dict[str, Any]:
    """Everything the shop stores about ``user``, as plain JSON-able data (their right of
    access): one section per app that keeps something about them."""
    return {section.key: section.export(user) for section in privacy.sections()}
