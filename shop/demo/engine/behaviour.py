"""Hidden taste profiles and the interaction simulation they drive.

Every customer is a mixture of one to three latent tastes; a taste prefers a few leaf
categories, a few brands and a price band. Items get an affinity to every taste from those
preferences. Interactions are sampled taste-first, so what a customer browses and buys clusters
the way collaborative filtering expects, while a share of "exploration" views drawn from raw
popularity keeps the data noisy. All of it is vectorised with numpy: the large size simulates a
million events in about a second.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from . import vocabulary as vocab
from .catalogue import (
    BRAND_TIER,
    BRANDS,
    DEPARTMENT_BRAND_COUNT,
    DEPARTMENT_BRAND_START,
    LEAF_DEPARTMENT,
    LEAVES,
    CataloguePlan,
)
from .people import ACTIVE_HISTORY_DAYS, CustomerPlan
from .specs import ORDER_STATUSES, EventArrays, OrderArrays, OrderStatus, TasteSpec

# Affinity of an item to a taste: weights of matching leaf, department, brand and price band.
LEAF_WEIGHT, DEPARTMENT_WEIGHT, BRAND_WEIGHT, PRICE_WEIGHT = 1.0, 0.35, 0.6, 0.4
# Where each price band sits in a type's price range, and how picky the band is.
BAND_TARGETS = np.array([0.2, 0.5, 0.8])
BAND_WIDTH = 0.22
# How strongly affinity tilts item choice away from plain popularity (a softmax temperature).
SHARPNESS = 2.2
EXPLORATION_SHARE = 0.15
MAX_TASTES_PER_CUSTOMER = 3
TASTE_COUNT_PROBABILITIES = (0.4, 0.4, 0.2)

HISTORY_DAYS = float(ACTIVE_HISTORY_DAYS)
INTERACTIONS_PER_SESSION = 8.0
# Share of sessions with a mind to buy: they fill carts and check them out far more often,
# which is what makes multi-item baskets. Factors scale the cart and purchase probabilities.
BUYING_SESSION_SHARE = 0.3
BUYING_CART, BROWSING_CART = 1.8, 0.65
BUYING_BUY, BROWSING_BUY = 1.6, 0.25
# Funnel: cart and purchase probabilities grow with affinity; see _funnel.
CART_BASE, CART_SLOPE, CART_MAX = 0.04, 0.09, 0.5
BUY_BASE, BUY_SLOPE, BUY_MAX = 0.25, 0.12, 0.7
# Weekly rhythm of shopping sessions, indexed by ``floor(days_ago) % 7``: day 0 is the weekday
# the shop is seeded on, so which real weekday peaks depends on that day, but the rhythm is the
# same all through the history, which is what a demand forecast needs to find. Sessions move at
# most WEEKDAY_REACH days to follow it, so the long-term trend is kept.
WEEKDAY_WEIGHTS = np.array([1.0, 1.45, 1.3, 0.95, 0.8, 0.75, 0.8])
WEEKDAY_REACH = 3
# Rough rows per interaction, only used to decide how many interactions to keep before the
# exact count is reached by dropping or adding plain views.
RATINGS_PER_PURCHASE_GUESS = 0.45

# Orders: the most recent ones are still in progress; a few are cancelled or refunded.
PENDING_SHARE, PAID_SHARE, SHIPPED_SHARE = 0.02, 0.03, 0.07
CANCELLED_SHARE, REFUNDED_SHARE = 0.03, 0.025
RATE_DELIVERED, RATE_REFUNDED = 0.5, 0.75
RATING_DELAY_DAYS = (2.0, 30.0)
# Ratings from people who bought elsewhere: a small share of plain views.
VIEW_RATING_SHARE = 0.003
# Stars are base + affinity + noise, rounded and clipped to 1-5.
STARS_BASE, STARS_NOISE = 2.9, 0.9

VIEW, CART, PURCHASE, RATING = 0, 1, 2, 3
STATUS = {name: code for code, name in enumerate(ORDER_STATUSES)}


@dataclass(frozen=True, slots=True)
class TasteModel:
    """The hidden structure: tastes, item affinities and each customer's taste mixture.

    ``customer_tastes`` and ``customer_weights`` hold up to three (taste, weight) pairs per
    customer, with weight 0 for unused slots; this compact form keeps per-event lookups cheap.
    """

    tastes: tuple[TasteSpec, ...]
    affinity: npt.NDArray[np.float32]
    customer_tastes: npt.NDArray[np.int64]
    customer_weights: npt.NDArray[np.float64]

    def weight_matrix(self) -> npt.NDArray[np.float32]:
        """Dense customers x tastes mixture weights, for analysis and tests."""
        dense = np.zeros((self.customer_tastes.shape[0], len(self.tastes)), dtype=np.float32)
        rows = np.arange(self.customer_tastes.shape[0])[:, None]
        np.add.at(dense, (rows, self.customer_tastes), self.customer_weights)
        return dense


@dataclass(frozen=True, slots=True)
class Simulation:
    """Everything the simulation produced, in columnar form."""

    events: EventArrays
    orders: OrderArrays


def build_taste_model(
    count: int, catalogue: CataloguePlan, customers: CustomerPlan, rng: np.random.Generator
) -> TasteModel:
    """Invent ``count`` tastes, score every item against them and mix them into customers."""
    departments = len(vocab.DEPARTMENTS)
    leaf_member = np.zeros((count, len(LEAVES)), dtype=bool)
    department_member = np.zeros((count, departments), dtype=bool)
    brand_member = np.zeros((count, len(BRANDS)), dtype=bool)
    bands = rng.integers(0, 3, count)
    primaries = np.concatenate(
        [rng.permutation(departments) for _ in range(count // departments + 1)]
    )[:count]
    tastes = []
    for taste, (primary, band) in enumerate(zip(primaries, bands, strict=True)):
        chosen = [int(primary)]
        if rng.random() < 0.5:
            chosen.append(int(rng.choice([d for d in range(departments) if d != primary])))
        leaf_names: list[str] = []
        for rank, department in enumerate(chosen):
            leaves = np.flatnonzero(np.equal(LEAF_DEPARTMENT, department))
            picks = 1 if rank else min(len(leaves), 3 if rng.random() < 0.3 else 2)
            for leaf in rng.choice(leaves, picks, replace=False):
                leaf_member[taste, leaf] = True
                leaf_names.append(LEAVES[leaf][1].slug)
            department_member[taste, department] = True
            start = DEPARTMENT_BRAND_START[department]
            brand_ids = np.arange(start, start + DEPARTMENT_BRAND_COUNT[department])
            closeness = np.exp(-1.5 * np.abs(BRAND_TIER[brand_ids] - band))
            brand_member[
                taste,
                rng.choice(
                    brand_ids, 1 if rank else 2, replace=False, p=closeness / closeness.sum()
                ),
            ] = True
        name = f"{vocab.PRICE_BANDS[band]} {vocab.DEPARTMENTS[chosen[0]].name.lower()}"
        if len(chosen) > 1:
            name += f" + {vocab.DEPARTMENTS[chosen[1]].name.lower()}"
        tastes.append(
            TasteSpec(
                name=name,
                category_slugs=tuple(leaf_names),
                brands=tuple(BRANDS[i].name for i in np.flatnonzero(brand_member[taste])),
                price_band=vocab.PRICE_BANDS[band],
            )
        )

    price_match = np.exp(
        -(((catalogue.price_position[:, None] - BAND_TARGETS[bands][None, :]) / BAND_WIDTH) ** 2)
    )
    affinity = (
        LEAF_WEIGHT * leaf_member[:, catalogue.leaf].T
        + DEPARTMENT_WEIGHT * department_member[:, catalogue.department].T
        + BRAND_WEIGHT * brand_member[:, catalogue.brand].T
        + PRICE_WEIGHT * price_match
    ).astype(np.float32)

    customer_tastes, customer_weights = _mix_tastes(len(customers), count, rng)
    return TasteModel(tuple(tastes), affinity, customer_tastes, customer_weights)


def _mix_tastes(
    customers: int, tastes: int, rng: np.random.Generator
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Give each customer one to three distinct tastes, some tastes more common than others.

    Distinct tastes are drawn without replacement with the Gumbel top-k trick, which does it
    for all customers at once.
    """
    prevalence = rng.dirichlet(np.full(tastes, 2.0))
    keys = np.log(prevalence)[None, :] + rng.gumbel(size=(customers, tastes))
    slots = min(MAX_TASTES_PER_CUSTOMER, tastes)
    chosen = np.argsort(-keys, axis=1)[:, :slots]
    counts = rng.choice(np.arange(1, 4), customers, p=TASTE_COUNT_PROBABILITIES)
    weights = rng.gamma(2.0, 1.0, (customers, slots))
    weights[np.arange(slots)[None, :] >= counts[:, None]] = 0.0
    weights /= weights.sum(axis=1, keepdims=True)
    return chosen.astype(np.int64), weights


@dataclass(frozen=True, slots=True)
class _Interactions:
    """Sampled interactions, one view each, as parallel columns."""

    customer: npt.NDArray[np.int64]
    session: npt.NDArray[np.int64]
    item: npt.NDArray[np.int64]
    taste: npt.NDArray[np.int64]
    view_days: npt.NDArray[np.float64]

    def take(self, rows: npt.NDArray[np.bool_] | slice) -> _Interactions:
        return _Interactions(
            self.customer[rows],
            self.session[rows],
            self.item[rows],
            self.taste[rows],
            self.view_days[rows],
        )


def simulate(
    target: int,
    catalogue: CataloguePlan,
    customers: CustomerPlan,
    model: TasteModel,
    rng: np.random.Generator,
    calendar_rng: np.random.Generator,
) -> Simulation:
    """Simulate exactly ``target`` interaction rows and the orders behind the purchases.

    Each sampled interaction is a view; the funnel may turn it into a cart and a purchase, and
    purchases in delivered (or refunded) orders may be rated later. Interactions happen inside
    sessions, and a session's purchases form one order, checked out at the session's time.
    ``calendar_rng`` only places sessions in the week (its own stream, so the weekly rhythm can
    change without reshuffling everything else).
    """
    n_items, n_customers = len(catalogue), len(customers)
    candidates = int(target * 1.05) + 100

    activity = customers.activity / customers.activity.sum()
    expected = target / 1.2 * activity
    per_customer = np.maximum(1, np.rint(expected / INTERACTIONS_PER_SESSION)).astype(np.int64)
    session_start = np.concatenate(([0], np.cumsum(per_customer)[:-1]))
    session_owner = np.repeat(np.arange(n_customers), per_customer)
    window = np.minimum(customers.joined_days_ago, HISTORY_DAYS) - 0.1
    # Density falling with age (median at 42% of the window): the shop is busier now.
    session_days = window[session_owner] * rng.random(session_owner.shape[0]) ** 1.25
    session_days = _weekly_rhythm(session_days, window[session_owner], calendar_rng)
    buying = rng.random(session_owner.shape[0]) < BUYING_SESSION_SHARE

    customer = rng.choice(n_customers, candidates, p=activity)
    session = session_start[customer] + (rng.random(candidates) * per_customer[customer]).astype(
        np.int64
    )
    taste = _pick_tastes(customer, model, rng)
    item = _pick_items(taste, catalogue, model, rng)
    view_days = session_days[session] + rng.uniform(0.002, 0.06, candidates)
    sampled = _Interactions(customer, session, item, taste, view_days)
    # Nobody views a product before it was listed.
    sampled = sampled.take(view_days <= catalogue.created_days_ago[item])
    carted, bought = _funnel(
        model.affinity[sampled.item, sampled.taste], buying[sampled.session], rng
    )

    # Keep enough interactions to land just under the target; views are topped up below.
    rows = 1.0 + carted + bought * (1.0 + RATINGS_PER_PURCHASE_GUESS)
    keep = int(np.searchsorted(np.cumsum(rows), target * 0.985))
    seen, carted, bought = sampled.take(slice(keep)), carted[:keep], bought[:keep]
    # One purchase row per product per basket: a second "buy" of it in the session stays a cart.
    first = np.zeros(keep, dtype=bool)
    first[np.unique(seen.session * n_items + seen.item, return_index=True)[1]] = True
    bought &= first

    extra = np.where(catalogue.price_cents[seen.item] < 2000, 0.2, 0.06)
    quantity = 1 + (rng.random(keep) < extra) + (rng.random(keep) < extra / 3)
    checkout = session_days[seen.session]
    cart_days = seen.view_days - (seen.view_days - checkout) * rng.uniform(0.1, 0.9, keep)

    bought_rows = np.flatnonzero(bought)
    orders, line_order = _orders(seen.session[bought_rows], session_days, session_owner, rng)
    line_days = orders.days_ago[line_order]
    ratings = _ratings(seen, carted, bought_rows, line_days, orders.status[line_order], model, rng)

    view_kept = np.ones(keep, dtype=bool)
    repeats = np.empty(0, dtype=np.int64)
    surplus = keep + int(carted.sum()) + bought_rows.shape[0] + len(ratings) - target
    if surplus > 0:
        # Drop plain views that nothing else depends on.
        droppable = np.flatnonzero(~carted & ~ratings.from_views)
        view_kept[rng.choice(droppable, surplus, replace=False)] = False
    else:
        # Top up with second looks at products already viewed, later in the same session.
        repeats = rng.integers(0, keep, -surplus)
    first_look = seen.view_days[repeats]
    repeat_days = first_look - (first_look - checkout[repeats]) * rng.random(repeats.shape[0])

    events = _event_arrays(
        (seen.customer[view_kept], seen.item[view_kept], VIEW, 1.0, seen.view_days[view_kept]),
        (seen.customer[repeats], seen.item[repeats], VIEW, 1.0, repeat_days),
        (seen.customer[carted], seen.item[carted], CART, quantity[carted], cart_days[carted]),
        (
            seen.customer[bought_rows],
            seen.item[bought_rows],
            PURCHASE,
            quantity[bought_rows],
            line_days,
        ),
        (ratings.customer, ratings.item, RATING, ratings.stars, ratings.days_ago),
    )
    by_order = np.argsort(line_order, kind="stable")
    return Simulation(
        events=events,
        orders=OrderArrays(
            customer=orders.customer,
            days_ago=orders.days_ago,
            status=orders.status,
            line_order=line_order[by_order].astype(np.int32),
            line_product=seen.item[bought_rows][by_order].astype(np.int32),
            line_quantity=quantity[bought_rows][by_order].astype(np.int16),
        ),
    )


Column = npt.NDArray[np.generic] | float


def _event_arrays(
    *parts: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], int, Column, Column],
) -> EventArrays:
    """Concatenate (customer, item, kind, value, days) parts and sort them oldest first.

    The sort is stable, so rows sharing a moment keep the funnel order view, cart, purchase.
    """
    sizes = [part[0].shape[0] for part in parts]
    days = np.concatenate(
        [
            np.broadcast_to(np.asarray(p[4], np.float32), n)
            for p, n in zip(parts, sizes, strict=True)
        ]
    )
    chronological = np.argsort(-days, kind="stable")
    return EventArrays(
        customer=np.concatenate([p[0] for p in parts]).astype(np.int32)[chronological],
        product=np.concatenate([p[1] for p in parts]).astype(np.int32)[chronological],
        kind=np.repeat(np.array([p[2] for p in parts], dtype=np.int8), sizes)[chronological],
        value=np.concatenate(
            [
                np.broadcast_to(np.asarray(p[3], np.float32), n)
                for p, n in zip(parts, sizes, strict=True)
            ]
        )[chronological],
        days_ago=days[chronological],
    )


def _weekly_rhythm(
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


def _pick_tastes(
    customer: npt.NDArray[np.int64], model: TasteModel, rng: np.random.Generator
) -> npt.NDArray[np.int64]:
    """Draw, per interaction, which of the customer's tastes is driving it."""
    cumulative = np.cumsum(model.customer_weights, axis=1)
    cumulative[:, -1] = 1.0
    draw = rng.random(len(customer))
    slot = (draw[:, None] > cumulative[customer, :-1]).sum(axis=1)
    return model.customer_tastes[customer, slot]


def _pick_items(
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


def _funnel(
    affinity: npt.NDArray[np.float32], buying: npt.NDArray[np.bool_], rng: np.random.Generator
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Decide which views lead to a cart and which carts to a purchase.

    Liked items convert more, and mostly in sessions where the customer came to buy.
    """
    cart = np.minimum(CART_BASE + CART_SLOPE * affinity, CART_MAX)
    cart *= np.where(buying, BUYING_CART, BROWSING_CART)
    buy = np.minimum(BUY_BASE + BUY_SLOPE * affinity, BUY_MAX)
    buy *= np.where(buying, BUYING_BUY, BROWSING_BUY)
    carted = rng.random(affinity.shape[0]) < cart
    return carted, carted & (rng.random(affinity.shape[0]) < buy)


@dataclass(frozen=True, slots=True)
class _Orders:
    customer: npt.NDArray[np.int32]
    days_ago: npt.NDArray[np.float32]
    status: npt.NDArray[np.int8]


def _orders(
    line_session: npt.NDArray[np.int64],
    session_days: npt.NDArray[np.float64],
    session_owner: npt.NDArray[np.int64],
    rng: np.random.Generator,
) -> tuple[_Orders, npt.NDArray[np.int64]]:
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

    orders = _Orders(
        customer=session_owner[sessions].astype(np.int32),
        days_ago=session_days[sessions].astype(np.float32),
        status=status,
    )
    return orders, order_of_session[line_session_index]


@dataclass(frozen=True, slots=True)
class _Ratings:
    """Rating rows, plus which interactions' views became ratings (they must survive trims)."""

    customer: npt.NDArray[np.int64]
    item: npt.NDArray[np.int64]
    stars: npt.NDArray[np.float64]
    days_ago: npt.NDArray[np.float64]
    from_views: npt.NDArray[np.bool_]

    def __len__(self) -> int:
        return int(self.customer.shape[0])


def _ratings(
    seen: _Interactions,
    carted: npt.NDArray[np.bool_],
    bought_rows: npt.NDArray[np.int64],
    line_days: npt.NDArray[np.float32],
    line_status: npt.NDArray[np.int8],
    model: TasteModel,
    rng: np.random.Generator,
) -> _Ratings:
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
    return _Ratings(who, what, stars.astype(np.float64), days, from_views)
