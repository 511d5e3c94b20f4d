"""The privacy registry: each app exports and erases its own data about a customer.

A customer's right of access (download everything) and right to erasure (delete the account)
touch every app that stores something about them. Accounts, at the bottom of the layers, must
not import those apps, so each app describes its own data in its ``privacy.py`` and registers it
in ``AppConfig.ready()``; ``shop.accounts`` walks the registry.

Erasers run in registration order inside the account-deletion transaction, before the user row
itself is deleted (which cascades to whatever an app leaves to the database).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# Called with the customer (``shop.accounts.models.User``, which core cannot import).
Exporter = Callable[[Any], Any]
Eraser = Callable[[Any], None]


@dataclass(frozen=True)
class PrivacySection:
    """One app's share of a customer's data: ``key`` names it in the download."""

    key: str
    export: Exporter
    erase: Eraser | None = None


_sections: dict[str, PrivacySection] = {}


def register(section: PrivacySection) -> None:
    _sections[section.key] = section


def sections() -> list[PrivacySection]:
    return list(_sections.values())
