"""Selectors that feed the engine: the shop's signals and catalogue as plain arrays."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from shop.catalogue.models import Product
from shop.orders.models import PAID_STATUSES, OrderLine
from shop.orders.selectors import basket_lines

from ..models import Interaction

CHUNK_ROWS = 50_000


@dataclass(frozen=True)
class SignalArrays:
    users: np.ndarray  # object: "u<id>" for customers, "v<key>" for visitors
    items: np.ndarray  # int64 product ids
    kinds: np.ndarray  # object: view, cart, purchase, rating
    values: np.ndarray  # float64: quantity or stars
    timestamps: np.ndarray  # float64 unix seconds

    def __len__(self) -> int:
        return int(self.items.size)


@dataclass(frozen=True)
class CatalogueArrays:
    product_ids: np.ndarray  # int64, sorted: the item universe
    category_ids: np.ndarray  # int64
    titles: list[str]
    descriptions: list[str]
    categories: list[str]
    brands: list[str]
    type_ids: np.ndarray  # int64: the product type ("a second phone does not complete a phone")
    prices: np.ndarray  # float64


def _owner(user_id: int | None, session_key: str) -> str:
    return f"u{user_id}" if user_id is not None else f"v{session_key}"


def signal_arrays() -> SignalArrays:
    """Every interaction, read in chunks so memory stays flat on a million rows. A product a
    shopper said "Not interested" to keeps none of their signals about it: having looked at
    it is no longer read as interest."""
    dismissed = {
        (_owner(user_id, session_key), product_id)
        for user_id, session_key, product_id in Interaction.objects.filter(
            kind=Interaction.Kind.DISMISS
        ).values_list("user_id", "session_key", "product_id")
    }
    users: list[str] = []
    items: list[int] = []
    kinds: list[str] = []
    values: list[float] = []
    times: list[float] = []
    rows = (
        Interaction.objects.exclude(kind=Interaction.Kind.DISMISS)
        .order_by()
        .values_list("user_id", "session_key", "product_id", "kind", "weight", "created_at")
    )
    for user_id, session_key, product_id, kind, weight, created_at in rows.iterator(
        chunk_size=CHUNK_ROWS
    ):
        owner = _owner(user_id, session_key)
        if dismissed and (owner, product_id) in dismissed:
            continue
        users.append(owner)
        items.append(product_id)
        kinds.append(kind)
        values.append(weight)
        times.append(created_at.timestamp())
    return SignalArrays(
        users=np.asarray(users, dtype=object),
        items=np.asarray(items, dtype=np.int64),
        kinds=np.asarray(kinds, dtype=object),
        values=np.asarray(values, dtype=np.float64),
        timestamps=np.asarray(times, dtype=np.float64),
    )


def catalogue_arrays() -> CatalogueArrays:
    """The products that may be recommended (active ones), with the texts content similarity
    reads."""
    rows = list(
        Product.objects.filter(is_active=True)
        .order_by("pk")
        .values_list(
            "pk",
            "category_id",
            "title",
            "description",
            "category__name",
            "brand",
            "product_type_id",
            "price",
        )
    )
    return CatalogueArrays(
        product_ids=np.asarray([r[0] for r in rows], dtype=np.int64),
        category_ids=np.asarray([r[1] for r in rows], dtype=np.int64),
        titles=[r[2] for r in rows],
        descriptions=[r[3] for r in rows],
        categories=[r[4] for r in rows],
        brands=[r[5] for r in rows],
        type_ids=np.asarray([r[6] for r in rows], dtype=np.int64),
        prices=np.asarray([float(r[7]) for r in rows], dtype=np.float64),
    )


def positions_in(sorted_ids: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Index of each id in ``sorted_ids``, -1 where it is not there (an inactive product)."""
    if sorted_ids.size == 0:
        return np.full(ids.size, -1, dtype=np.int64)
    index = np.minimum(np.searchsorted(sorted_ids, ids), sorted_ids.size - 1)
    return np.where(sorted_ids[index] == ids, index, -1)


def basket_matrix(product_ids: np.ndarray) -> sp.csr_matrix:
    """Basket x item matrix (orders and carts, see ``basket_lines``) over the item universe
    ``product_ids`` (sorted); products outside it (inactive ones) are left out."""
    basket_index: dict[str, int] = {}
    rows: list[int] = []
    products: list[int] = []
    for basket, product_id in basket_lines():
        rows.append(basket_index.setdefault(basket, len(basket_index)))
        products.append(product_id)
    position = positions_in(product_ids, np.asarray(products, dtype=np.int64))
    known = position >= 0
    matrix = sp.csr_matrix(
        (
            np.ones(int(known.sum()), dtype=np.float32),
            (np.asarray(rows, dtype=np.int64)[known], position[known]),
        ),
        shape=(len(basket_index), product_ids.size),
    )
    matrix.sum_duplicates()
    matrix.data[:] = 1.0
    return matrix


def paid_purchases() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(customer, product, product type, day) of every line of the customers' paid orders
    (not cancelled or refunded), for what people rebuy (``engine.rebuys``)."""
    rows = list(
        OrderLine.objects.filter(
            order__status__in=PAID_STATUSES, order__user__isnull=False, product__isnull=False
        )
        .order_by()
        .values_list(
            "order__user_id", "product_id", "product__product_type_id", "order__created_at"
        )
        .iterator(chunk_size=10_000)
    )
    users = np.array([r[0] for r in rows], dtype=np.int64)
    products = np.array([r[1] for r in rows], dtype=np.int64)
    kinds = np.array([r[2] if r[2] is not None else -1 for r in rows], dtype=np.int64)
    days = np.array([r[3].timestamp() / 86400.0 for r in rows], dtype=np.float64)
    return users, products, kinds, days
