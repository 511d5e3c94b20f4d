"""Orders from the simulated purchases, and the ratings that follow delivery.

A session's purchases form one order; its status follows its recency. Delivered and refunded
purchases may be rated later, with stars that follow the customer's tastes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .sampling import Interactions
from .specs import ORDER_STATUSES, OrderStatus
from .tastes import TasteModel

# Orders: the most recent ones are still in progress; a few are cancelled or refunded.
PENDING_SHARE, PAID_SHARE, SHIPPED_SHARE = 0.02, 0.03, 0.07
CANCELLED_SHARE, REFUNDED_SHARE = 0.03, 0.025
RATE_DELIVERED, RATE_REFUNDED = 0.5, 0.75
RATING_DELAY_DAYS = (2.0, 30.0)
# Ratings from people who bought elsewhere: a small share of plain views.
VIEW_RATING_SHARE = 0.003
# Stars are base + affinity + noise, rounded and clipped to 1-5.
STARS_BASE, STARS_NOISE = 2.9, 0.9

STATUS = {name: code for code, name in enumerate(ORDER_STATUSES)}


@dataclass(frozen=True, slots=True)
class Orders:
    """Orders oldest first, one entry per order."""

    customer: npt.NDArray[np.int32]
    days_ago: npt.NDArray[np.float32]
    status: npt.NDArray[np.int8]


def place_orders(
    line_session: npt.NDArray[np.int64],
    session_days: npt.NDArray[np.float64],
    session_owner: npt.NDArray[np.int64],
    rng: np.random.Generator,
) -> tuple[Orders, npt.NDArray[np.int64]]:
    """Group purchases by session into orders numbered oldest first, and give them a status.

    Status follows recency rank rather than fixed day thresholds so that even the small shop
    has orders in every state; cancellations happen at any age, refunds only after delivery.
    """
    sessions, line_session_index = np.unique(line_session, return_inverse=True)
    chronological = np.argsort(-session_days[sessions], kind="stable")
    order_of_session = np.empty_like(chronological)
    order_of_session[chronological] = np.arange(chronological.shape[0])
    sessions = sessions[chronological]
    count = sessions.shape[0]

    # Rank 0 is the most recent order.
    newest_first = np.arange(count)[::-1]
    status = np.full(count, STATUS["delivered"], dtype=np.int8)
    boundary = 0
    in_progress: tuple[tuple[OrderStatus, float], ...] = (
        ("pending", PENDING_SHARE),
        ("paid", PAID_SHARE),
        ("shipped", SHIPPED_SHARE),
    )
    for name, share in in_progress:
        size = max(1, int(np.ceil(share * count)))
        status[newest_first[boundary : boundary + size]] = STATUS[name]
        boundary += size
    cancelled = rng.choice(count, min(count, max(1, round(CANCELLED_SHARE * count))), replace=False)
    status[cancelled] = STATUS["cancelled"]
    delivered = np.flatnonzero(status == STATUS["delivered"])
    refunds = min(delivered.shape[0], max(1, round(REFUNDED_SHARE * count)))
    status[rng.choice(delivered, refunds, replace=False)] = STATUS["refunded"]

    orders = Orders(
        customer=session_owner[sessions].astype(np.int32),
        days_ago=session_days[sessions].astype(np.float32),
        status=status,
    )
    return orders, order_of_session[line_session_index]


@dataclass(frozen=True, slots=True)
class Ratings:
    """Rating rows, plus which interactions' views became ratings (they must survive trims)."""

    customer: npt.NDArray[np.int64]
    item: npt.NDArray[np.int64]
    stars: npt.NDArray[np.float64]
    days_ago: npt.NDArray[np.float64]
    from_views: npt.NDArray[np.bool_]

    def __len__(self) -> int:
        return int(self.customer.shape[0])


def rate_purchases(
    seen: Interactions,
    carted: npt.NDArray[np.bool_],
    bought_rows: npt.NDArray[np.int64],
    line_days: npt.NDArray[np.float32],
    line_status: npt.NDArray[np.int8],
    model: TasteModel,
    rng: np.random.Generator,
) -> Ratings:
    """Rate delivered and refunded purchases, plus a few products bought elsewhere.

    Stars follow the customer's whole-mixture affinity for the item with noise, refunds are
    rated low, and each customer rates a product at most once.
    """
    refunded = line_status == STATUS["refunded"]
    rate = np.where(line_status == STATUS["delivered"], RATE_DELIVERED, 0.0)
    rate = np.where(refunded, RATE_REFUNDED, rate)
    delay = rng.uniform(*RATING_DELAY_DAYS, bought_rows.shape[0])
    from_orders = (rng.random(bought_rows.shape[0]) < rate) & (line_days > delay)

    view_delay = rng.uniform(1.0, 20.0, carted.shape[0])
    elsewhere = ~carted & (rng.random(carted.shape[0]) < VIEW_RATING_SHARE)
    view_rows = np.flatnonzero(elsewhere & (seen.view_days > view_delay))

    # Purchases come first, so de-duplication prefers a rating backed by an order.
    rows = np.concatenate((bought_rows[from_orders], view_rows))
    days = np.concatenate(
        ((line_days - delay)[from_orders], (seen.view_days - view_delay)[view_rows])
    )
    low = np.concatenate((refunded[from_orders], np.zeros(view_rows.shape[0], dtype=bool)))
    n_items = model.affinity.shape[0]
    first = np.sort(
        np.unique(seen.customer[rows] * n_items + seen.item[rows], return_index=True)[1]
    )
    rows, days, low = rows[first], days[first], low[first]

    who, what = seen.customer[rows], seen.item[rows]
    mixture = model.affinity[what[:, None], model.customer_tastes[who]]
    liking = (model.customer_weights[who] * mixture).sum(axis=1)
    stars = np.clip(
        np.rint(STARS_BASE + liking + rng.normal(0.0, STARS_NOISE, rows.shape[0])), 1, 5
    )
    stars = np.where(low, 1 + (rng.random(rows.shape[0]) < 0.3), stars)

    from_views = np.zeros(carted.shape[0], dtype=bool)
    from_views[rows[~carted[rows]]] = True
    return Ratings(who, what, stars.astype(np.float64), days, from_views)
