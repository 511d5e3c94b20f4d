"""What reviews announce (``shop.core.events``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReviewSubmitted:
    """A customer rated a product (a new review or a changed one)."""

    review_id: int
    product_id: int
    user_id: int
    stars: int
