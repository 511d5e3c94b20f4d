"""What accounts announce (``shop.core.events``); the apps above subscribe in ``ready()``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EmailAddressVerified:
    """The owner of account ``user_id`` proved they read mail sent to ``email``: they opened
    the confirmation link of their sign-up. Orders gives them the guest orders placed with it."""

    user_id: int
    email: str
