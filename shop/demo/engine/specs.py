"""Plain value types describing the generated shop.

These are what the ``seed_demo`` command consumes: frozen, slotted dataclasses that carry natural
keys (slugs, SKUs, usernames) so rows can be upserted idempotently, plus columnar numpy holders
for the bulky interaction and order data of the larger sizes.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

import numpy as np
import numpy.typing as npt

EventKind = Literal["view", "cart", "purchase", "rating"]
OrderStatus = Literal["pending", "paid", "shipped", "delivered", "cancelled", "refunded"]
PriceBand = Literal["budget", "mid-range", "premium"]

# Index in these tuples is the int8 code used in the columnar arrays.
EVENT_KINDS: tuple[EventKind, ...] = ("view", "cart", "purchase", "rating")
ORDER_STATUSES: tuple[OrderStatus, ...] = (
    "pending",
    "paid",
    "shipped",
    "delivered",
    "cancelled",
    "refunded",
)


@dataclass(frozen=True, slots=True)
class SizeSpec:
    """How big a generated shop is; ``events`` is the exact number of interaction rows."""

    name: str
    products: int
    customers: int
    events: int
    tastes: int


@dataclass(frozen=True, slots=True)
class CategorySpec:
    """A category; ``parent_slug`` is None for a top-level department."""

    slug: str
    name: str
    parent_slug: str | None
    description: str


@dataclass(frozen=True, slots=True)
class ProductSpec:
    """A product in a leaf category. ``image_seed`` feeds :func:`render_product_image`;
    ``lead_time_days`` is how long its supplier takes to restock it."""

    sku: str
    slug: str
    title: str
    brand: str
    description: str
    price: Decimal
    currency: str
    category_slug: str
    stock: int
    active: bool
    created_days_ago: int
    image_seed: int
    lead_time_days: int = 7
    # The product type (``ProductTypeSpec.slug``), the values of its product attributes as
    # (attribute slug, value), and what is sold: one variant, or one per option chosen.
    type_slug: str = ""
    attributes: tuple[tuple[str, str], ...] = ()
    variants: tuple[VariantSpec, ...] = ()


@dataclass(frozen=True, slots=True)
class VariantSpec:
    """One variant: its SKU, its options as (attribute slug, value), price and stock. A
    product without options has one, with the product's SKU and no options."""

    sku: str
    options: tuple[tuple[str, str], ...]
    price: Decimal
    stock: int


@dataclass(frozen=True, slots=True)
class AttributeSpec:
    """An attribute as the catalogue stores it; several vocabulary attributes of one name and
    unit (the colours of different departments) are one attribute with all their values.
    ``values`` are (value, its number in ``unit`` or None)."""

    slug: str
    name: str
    unit: str
    values: tuple[tuple[str, Decimal | None], ...]


@dataclass(frozen=True, slots=True)
class ProductTypeSpec:
    """A product type: its attributes by slug, those the shopper picks (``options``) apart,
    and its tax class's slug ("" for the standard rate)."""

    slug: str
    name: str
    tax_class: str
    attributes: tuple[str, ...]
    options: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CustomerSpec:
    """A customer account; the command sets an unusable or shared demo password."""

    username: str
    email: str
    first_name: str
    last_name: str
    joined_days_ago: int


@dataclass(frozen=True, slots=True)
class AddressSpec:
    """A saved postal address of the customer at index ``customer``; the first is the default."""

    customer: int
    full_name: str
    line1: str
    line2: str
    city: str
    postcode: str
    country: str
    phone: str


@dataclass(frozen=True, slots=True)
class EventSpec:
    """One interaction. ``value`` is stars for ratings, quantity for carts and purchases, else 1."""

    customer: int
    sku: str
    kind: EventKind
    value: float
    days_ago: float


@dataclass(frozen=True, slots=True)
class OrderSpec:
    """A basket checked out at ``days_ago``; its purchase events carry the same ``days_ago``."""

    customer: int
    lines: tuple[tuple[str, int], ...]
    status: OrderStatus
    days_ago: float


@dataclass(frozen=True, slots=True)
class ReviewSpec:
    """The review behind a rating event; empty ``title`` and ``body`` mean stars only."""

    customer: int
    sku: str
    stars: int
    title: str
    body: str
    days_ago: float


@dataclass(frozen=True, slots=True)
class TasteSpec:
    """A hidden taste: what its fans browse and buy. Exposed so tests can measure the signal."""

    name: str
    category_slugs: tuple[str, ...]
    brands: tuple[str, ...]
    price_band: PriceBand


@dataclass(frozen=True, slots=True, eq=False)
class EventArrays:
    """Interactions in columnar form, oldest first.

    ``product`` indexes ``DemoShop.products`` and ``kind`` indexes :data:`EVENT_KINDS`; the large
    size has a million rows, which as Python objects would cost far more time and memory.
    """

    customer: npt.NDArray[np.int32]
    product: npt.NDArray[np.int32]
    kind: npt.NDArray[np.int8]
    value: npt.NDArray[np.float32]
    days_ago: npt.NDArray[np.float32]

    def __len__(self) -> int:
        return int(self.customer.shape[0])


@dataclass(frozen=True, slots=True, eq=False)
class OrderArrays:
    """Orders (oldest first) and their lines in columnar form.

    ``line_order`` indexes the order arrays and is sorted, so an order's lines are contiguous;
    ``status`` indexes :data:`ORDER_STATUSES`.
    """

    customer: npt.NDArray[np.int32]
    days_ago: npt.NDArray[np.float32]
    status: npt.NDArray[np.int8]
    line_order: npt.NDArray[np.int32]
    line_product: npt.NDArray[np.int32]
    line_quantity: npt.NDArray[np.int16]

    def __len__(self) -> int:
        return int(self.customer.shape[0])
