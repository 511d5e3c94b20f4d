"""The draws behind each interaction: when the session is, which taste drives it, which
product it is about, and whether it ends in a cart and a purchase.

Each function draws for all interactions at once with numpy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .catalogue import CataloguePlan
from .tastes import TasteModel

# How strongly affinity tilts item choice away from plain popularity (a softmax temperature).
SHARPNESS = 2.2
EXPLORATION_SHARE = 0.15
# Sessions with a mind to buy (behaviour.BUYING_SESSION_SHARE) fill carts and check them out
# far more often than browsing ones; these factors scale the cart and purchase probabilities.
BUYING_CART, BROWSING_CART = 1.8, 0.65
BUYING_BUY, BROWSING_BUY = 1.6, 0.25
# Funnel: cart and purchase probabilities grow with affinity; see funnel.
CART_BASE, CART_SLOPE, CART_MAX = 0.04, 0.09, 0.5
BUY_BASE, BUY_SLOPE, BUY_MAX = 0.25, 0.12, 0.7
# Weekly rhythm of shopping sessions, indexed by ``floor(days_ago) % 7``: day 0 is the weekday
# the shop is seeded on, so which real weekday peaks depends on that day, but the rhythm is the
# same all through the history, which is what a demand forecast needs to find. Sessions move at
# most WEEKDAY_REACH days to follow it, so the long-term trend is kept.
WEEKDAY_WEIGHTS = np.array([1.0, 1.45, 1.3, 0.95, 0.8, 0.75, 0.8])
WEEKDAY_REACH = 3


@dataclass(frozen=True, slots=True)
class Interactions:
    """Sampled interactions, one view each, as parallel columns."""

    customer: npt.NDArray[np.int64]
    session: npt.NDArray[np.int64]
    item: npt.NDArray[np.int64]
    taste: npt.NDArray[np.int64]
    view_days: npt.NDArray[np.float64]

    def take(self, rows: npt.NDArray[np.bool_] | slice) -> Interactions:
        return Interactions(
            self.customer[rows],
            self.session[rows],
            self.item[rows],
            self.taste[rows],
            self.view_days[rows],
        )


def weekly_rhythm(
    days: npt.NDArray[np.float64], window: npt.NDArray[np.float64], rng: np.random.Generator
) -> npt.NDArray[np.float64]:
    """Move each session by -3..+3 whole days, to a day drawn by its weekday weight.

    The seven candidate days cover every weekday once, so the sessions' weekdays follow
    :data:`WEEKDAY_WEIGHTS` exactly wherever they started, while the time of day and the
    position in the history (the trend) barely change. Candidates outside the customer's
    window (before they joined, or in the future) are never chosen.
    """
    if days.shape[0] == 0:
        return days
    whole = np.floor(days)
    candidates = whole[:, None] + np.arange(-WEEKDAY_REACH, WEEKDAY_REACH + 1)[None, :]
    moved = candidates + (days - whole)[:, None]
    weights = WEEKDAY_WEIGHTS[candidates.astype(np.int64) % 7]
    weights = np.where((moved >= 0.0) & (moved <= window[:, None]), weights, 0.0)
    cumulative = np.cumsum(weights, axis=1)
    draw = rng.random(days.shape[0]) * cumulative[:, -1]
    choice = np.minimum((draw[:, None] >= cumulative).sum(axis=1), weights.shape[1] - 1)
    return np.asarray(moved[np.arange(days.shape[0]), choice], dtype=np.float64)


def pick_tastes(
    customer: npt.NDArray[np.int64], model: TasteModel, rng: np.random.Generator
) -> npt.NDArray[np.int64]:
    """Draw, per interaction, which of the customer's tastes is driving it."""
    cumulative = np.cumsum(model.customer_weights, axis=1)
    cumulative[:, -1] = 1.0
    draw = rng.random(len(customer))
    slot = (draw[:, None] > cumulative[customer, :-1]).sum(axis=1)
    return model.customer_tastes[customer, slot]


def pick_items(
    taste: npt.NDArray[np.int64],
    catalogue: CataloguePlan,
    model: TasteModel,
    rng: np.random.Generator,
) -> npt.NDArray[np.int64]:
    """Draw items by popularity tilted towards each interaction's taste.

    One cumulative distribution per taste turns sampling into a binary search per event.
    """
    draw = rng.random(len(taste))
    explore = rng.random(len(taste)) < EXPLORATION_SHARE
    items = np.empty(len(taste), dtype=np.int64)
    popular = np.cumsum(catalogue.popularity)
    items[explore] = np.searchsorted(popular, draw[explore] * popular[-1], side="right")
    for t in range(model.affinity.shape[1]):
        chosen = (taste == t) & ~explore
        weights = np.cumsum(catalogue.popularity * np.exp(SHARPNESS * model.affinity[:, t]))
        items[chosen] = np.searchsorted(weights, draw[chosen] * weights[-1], side="right")
    return np.minimum(items, len(catalogue) - 1)


def funnel(
    affinity: npt.NDArray[np.float32],
    buying: npt.NDArray[np.bool_],
    rng: np.random.Generator,
    season: npt.NDArray[np.float64] | float = 1.0,
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Decide which views lead to a cart and which carts to a purchase.

    Liked items convert more, and mostly in sessions where the customer came to buy;
    ``season`` scales the cart probability (seasonal products, see ``baskets``).
    """
    cart = np.minimum(CART_BASE + CART_SLOPE * affinity, CART_MAX)
    cart *= np.where(buying, BUYING_CART, BROWSING_CART) * season
    buy = np.minimum(BUY_BASE + BUY_SLOPE * affinity, BUY_MAX)
    buy *= np.where(buying, BUYING_BUY, BROWSING_BUY)
    carted = rng.random(affinity.shape[0]) < cart
    return carted, carted & (rng.random(affinity.shape[0]) < buy)
