"""The interaction simulation: views, carts, purchases and ratings, and the orders behind them.

Interactions are sampled taste-first (see ``tastes``), so what a customer browses and buys
clusters the way collaborative filtering expects, while a share of "exploration" views drawn
from raw popularity keeps the data noisy. All of it is vectorised with numpy: the large size
simulates a million events in about a second.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .baskets import (
    DEFAULT_SEASON_DAY,
    add_accessories,
    add_rebuys,
    bought_once,
    merged,
    season_factor,
)
from .catalogue import CataloguePlan
from .orders import place_orders, rate_purchases
from .people import ACTIVE_HISTORY_DAYS, CustomerPlan
from .sampling import Interactions, funnel, pick_items, pick_tastes, weekly_rhythm
from .specs import EventArrays, OrderArrays
from .tastes import TasteModel

HISTORY_DAYS = float(ACTIVE_HISTORY_DAYS)
INTERACTIONS_PER_SESSION = 8.0
# Share of sessions with a mind to buy: they fill carts and check them out far more often,
# which is what makes multi-item baskets. Factors scale the cart and purchase probabilities.
BUYING_SESSION_SHARE = 0.3
# Rough rows per interaction, only used to decide how many interactions to keep before the
# exact count is reached by dropping or adding plain views.
RATINGS_PER_PURCHASE_GUESS = 0.45

VIEW, CART, PURCHASE, RATING = 0, 1, 2, 3


@dataclass(frozen=True, slots=True)
class Simulation:
    """Everything the simulation produced, in columnar form."""

    events: EventArrays
    orders: OrderArrays


def simulate(
    target: int,
    catalogue: CataloguePlan,
    customers: CustomerPlan,
    model: TasteModel,
    rng: np.random.Generator,
    calendar_rng: np.random.Generator,
    season_day: int = DEFAULT_SEASON_DAY,
) -> Simulation:
    """Simulate exactly ``target`` interaction rows and the orders behind the purchases.

    Each sampled interaction is a view; the funnel may turn it into a cart and a purchase, and
    purchases in delivered (or refunded) orders may be rated later. Interactions happen inside
    sessions, and a session's purchases form one order, checked out at the session's time.
    ``calendar_rng`` only places sessions in the week (its own stream, so the weekly rhythm can
    change without reshuffling everything else). Devices are carted with their accessories,
    consumables rebought on their cycle and seasonal products sell in their season, the year
    anchored by ``season_day`` (the day of the year "now" is; see ``baskets``).
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
    session_days = weekly_rhythm(session_days, window[session_owner], calendar_rng)
    buying = rng.random(session_owner.shape[0]) < BUYING_SESSION_SHARE

    customer = rng.choice(n_customers, candidates, p=activity)
    session = session_start[customer] + (rng.random(candidates) * per_customer[customer]).astype(
        np.int64
    )
    taste = pick_tastes(customer, model, rng)
    item = pick_items(taste, catalogue, model, rng)
    view_days = session_days[session] + rng.uniform(0.002, 0.06, candidates)
    sampled = Interactions(customer, session, item, taste, view_days)
    # Nobody views a product before it was listed.
    sampled = sampled.take(view_days <= catalogue.created_days_ago[item])
    carted, bought = funnel(
        model.affinity[sampled.item, sampled.taste],
        buying[sampled.session],
        rng,
        season_factor(sampled.item, sampled.view_days, catalogue, season_day),
    )
    kits = add_accessories(sampled, carted, bought, session_days, catalogue, model, rng)
    rebuy_parents, rebuys = add_rebuys(
        sampled, bought, session_days, session_start, per_customer, catalogue, rng
    )
    every = np.ones(rebuy_parents.shape[0], dtype=bool)
    sampled, carted, bought = merged(
        sampled, (carted, bought), kits, (rebuy_parents, rebuys, every, every)
    )
    bought = bought_once(sampled, bought, catalogue)

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
    orders, line_order = place_orders(seen.session[bought_rows], session_days, session_owner, rng)
    line_days = orders.days_ago[line_order]
    ratings = rate_purchases(
        seen, carted, bought_rows, line_days, orders.status[line_order], model, rng
    )

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

    events = event_arrays(
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


def event_arrays(
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
