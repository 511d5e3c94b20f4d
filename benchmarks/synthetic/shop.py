"""Synthetic shop data with a hidden taste structure.

Real purchase logs cannot live in the repository, yet the engine has to be measured on
basket-shaped data (quantities, no ratings) as well as on MovieLens ratings, and the scale
benchmark needs a catalogue far larger than MovieLens. This generator produces such data with a
known structure: every user has a few favourite categories, items inside a category follow a
power-law popularity, and purchases come in baskets that share a timestamp and mostly a
category. Texts are built from per-category vocabularies so that content similarity has
something real to find.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class SyntheticShop:
    """Interaction log plus catalogue of a generated shop (parallel arrays)."""

    users: np.ndarray  # int64 user index per interaction
    items: np.ndarray  # int64 item index per interaction
    quantities: np.ndarray  # float32 quantity bought
    timestamps: np.ndarray  # float64 unix seconds; items of one basket share it
    item_category: np.ndarray  # int32 category per item
    titles: list[str]
    descriptions: list[str]
    categories: list[str]
    brands: list[str]

    @property
    def n_users(self) -> int:
        return int(self.users.max()) + 1 if self.users.size else 0

    @property
    def n_items(self) -> int:
        return int(self.item_category.size)


def generate_shop(
    n_users: int = 20_000,
    n_items: int = 50_000,
    n_interactions: int = 1_000_000,
    n_categories: int = 250,
    favourites: int = 3,
    loyalty: float = 0.85,
    seed: int = 0,
    start: float = 1_700_000_000.0,
    days: float = 365.0,
) -> SyntheticShop:
    """Generate a shop log of about ``n_interactions`` purchase lines.

    ``loyalty`` is the share of purchases drawn from the user's favourite categories; the rest
    follow global popularity, which is the noise a recommender must see through.
    """
    rng = np.random.default_rng(seed)
    item_category = np.sort(rng.integers(0, n_categories, n_items)).astype(np.int32)
    cat_start = np.searchsorted(item_category, np.arange(n_categories))
    cat_size = np.bincount(item_category, minlength=n_categories)
    cat_weight = rng.pareto(1.5, n_categories) + 0.2
    cat_weight = np.where(cat_size > 0, cat_weight, 0.0)
    cat_weight /= cat_weight.sum()

    activity = rng.lognormal(0.0, 1.0, n_users)
    per_user = np.maximum(1, np.round(activity / activity.sum() * n_interactions)).astype(np.int64)
    users = np.repeat(np.arange(n_users, dtype=np.int64), per_user)
    n = users.size

    favourite = rng.choice(n_categories, size=(n_users, favourites), p=cat_weight)
    from_favourites = rng.random(n) < loyalty
    pick = rng.integers(0, favourites, n)
    category = np.where(
        from_favourites,
        favourite[users, pick],
        rng.choice(n_categories, size=n, p=cat_weight),
    )
    # Power-law rank inside the category: a few bestsellers, a long tail.
    size = cat_size[category]
    rank = np.minimum(size - 1, np.floor(size * rng.random(n) ** 3.0)).astype(np.int64)
    items = cat_start[category] + rank

    quantities = (1 + rng.geometric(0.7, n) - 1).astype(np.float32)
    timestamps = _basket_timestamps(users, rng, start, days)

    titles, descriptions, categories, brands = _texts(item_category, n_categories, rng)
    return SyntheticShop(
        users=users,
        items=items,
        quantities=quantities,
        timestamps=timestamps,
        item_category=item_category,
        titles=titles,
        descriptions=descriptions,
        categories=categories,
        brands=brands,
    )


def _basket_timestamps(
    users: np.ndarray, rng: np.random.Generator, start: float, days: float
) -> np.ndarray:
    """Group each user's consecutive lines into baskets of 1-5 lines sharing one timestamp."""
    n = users.size
    new_user = np.r_[True, users[1:] != users[:-1]]
    basket_break = rng.random(n) < 0.4
    basket_id = np.cumsum(new_user | basket_break) - 1
    basket_time = start + rng.random(int(basket_id[-1]) + 1 if n else 0) * days * 86_400.0
    return basket_time[basket_id]


def _texts(
    item_category: np.ndarray, n_categories: int, rng: np.random.Generator
) -> tuple[list[str], list[str], list[str], list[str]]:
    """Titles and descriptions mixing category-specific and generic words."""
    vocab = np.array([f"w{k}" for k in range(n_categories * 12)])
    generic = np.array([f"g{k}" for k in range(200)])
    n_items = item_category.size
    own = item_category[:, None] * 12 + rng.integers(0, 12, (n_items, 6))
    other = rng.integers(0, generic.size, (n_items, 6))
    brand_of = item_category * 4 + rng.integers(0, 4, n_items)
    titles = [
        " ".join(vocab[row[:3]]) + " " + generic[g[0]] for row, g in zip(own, other, strict=True)
    ]
    descriptions = [
        " ".join(vocab[row[3:]]) + " " + " ".join(generic[g])
        for row, g in zip(own, other, strict=True)
    ]
    categories = [f"category {c}" for c in item_category]
    brands = [f"brand{b}" for b in brand_of]
    return titles, descriptions, categories, brands
