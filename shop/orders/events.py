"""What orders announce (``shop.core.events``); the apps above subscribe in ``ready()``.

Plain ids and values, never model instances: handlers run after the commit and read fresh rows.
``lines`` are ``(product_id, quantity)`` pairs, one per order line (so a product bought in
two sizes appears twice; the product id is None once a product was deleted): what the apps above
learn from is the product, whatever its variant.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

Lines = tuple[tuple[int | None, int], ...]


@dataclass(frozen=True)
class CartItemAdded:
    product_id: int
    quantity: int
    user_id: int | None
    visitor_key: str
    variant_id: int | None = None


@dataclass(frozen=True)
class PaymentFailed:
    """A card authorisation failed at checkout, before any order existed."""

    user_id: int
    amount: Decimal
    kind: str  # "declined" or "gateway"


@dataclass(frozen=True)
class OrderPlaced:
    """The order is committed with its stock reserved; its money is authorised, not yet taken."""

    order_id: int
    user_id: int | None
    lines: Lines


@dataclass(frozen=True)
class OrderPaid:
    order_id: int
    user_id: int | None
    lines: Lines


@dataclass(frozen=True)
class OrderShipped:
    order_id: int
    tracking_number: str


@dataclass(frozen=True)
class OrderCancelled:
    order_id: int
    restocked: Lines


@dataclass(frozen=True)
class OrderRefunded:
    order_id: int
    amount: Decimal
    restocked: Lines
