"""What makes the demo's baskets look like a real shop's: kits, rebuys and seasons.

* **Kits:** a device is bought with its accessories (a smartphone with a case and a power bank,
  a laptop with a mouse and a bag, a camera with a tripod, a tent with a sleeping bag): when a
  device goes into a cart, each accessory type of its kit may follow it into the same cart,
  and into the same order when the device is bought.
* **Rebuys:** consumables (shampoo, skincare, candles) are bought again by the same customer
  about every ``cycle`` days, in the session nearest that date, each time with some chance of
  stopping.
* **Seasons:** summer things (garden furniture, sunscreen, kites) and winter things (scarves,
  throws, jumpers) sell more in their season: a factor on the cart probability that follows
  the day of the year. The year is anchored by ``season_day``, the day of the year that
  "0 days ago" is (seed_demo passes today's).

Everything is drawn with numpy for all interactions at once (the large size has a million
events); the catalogue's product types are what links a device to its accessories.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from .catalogue import LEAF_TYPE_COUNT, LEAF_TYPE_START, TYPES, CataloguePlan
from .sampling import SHARPNESS, Interactions
from .tastes import TasteModel

# Device noun -> its accessories' nouns, most often bought first.
KITS: dict[str, tuple[str, ...]] = {
    "Smartphone": ("Phone Case", "Power Bank", "True Wireless Earbuds"),
    "Tablet": ("Power Bank", "Wireless Mouse"),
    "Laptop": ("Wireless Mouse", "Leather Backpack", "Mechanical Keyboard", "Monitor"),
    "Monitor": ("Mechanical Keyboard", "Wireless Mouse"),
    "Mirrorless Camera": ("Camera Tripod", "Hiking Backpack"),
    "Action Camera": ("Camera Tripod", "Bike Helmet"),
    "Tent": ("Sleeping Bag", "Trekking Poles", "Hiking Backpack"),
    "Running Shoes": ("GPS Sports Watch", "Running Jacket"),
    "Bike Helmet": ("Bike Light Set", "Cycling Jersey"),
    "Yoga Mat": ("Resistance Bands", "Foam Roller"),
    "Frying Pan": ("Chef's Knife", "Cookbook"),
    "Saucepan Set": ("Chef's Knife", "Cookbook"),
    "Cast Iron Casserole": ("Cookbook",),
    "Duvet Cover Set": ("Pillow", "Bath Towel Set"),
    "Hair Dryer": ("Shampoo", "Hair Mask"),
    "Raised Garden Bed": ("Garden Spade", "Pruning Shears"),
    "Bistro Set": ("Parasol",),
    "Sun Lounger": ("Parasol",),
}
# Devices draw more views than the average product (the shop's headline products).
DEVICE_POPULARITY = 3.0
# Chance that the first, second, ... accessory of a kit joins the device's cart, and that an
# accessory in the cart is bought with the bought device.
ACCESSORY_CHANCES = (0.8, 0.55, 0.3, 0.2)
ACCESSORY_BOUGHT = 0.85
# Consumables and their repurchase cycle in days; each rebuy has this chance of another.
CONSUMABLES: dict[str, float] = {
    "Shampoo": 40.0,
    "Cleanser": 45.0,
    "Moisturiser": 50.0,
    "Face Serum": 60.0,
    "Sunscreen SPF 50": 45.0,
    "Hair Mask": 60.0,
    "Scented Candle": 35.0,
    "Body Mist": 70.0,
}
REBUY_CONTINUE = 0.8
CYCLE_JITTER = 0.2
# Seasonal nouns -> the day of the year they sell most; the cart probability is scaled by
# 1 + SEASON_AMPLITUDE * cos(distance to that day as an angle of the year).
SUMMER, WINTER = 196, 15
SEASONAL: dict[str, int] = {
    **dict.fromkeys(
        ("Sunscreen SPF 50", "Kite", "Garden Games Set", "Parasol", "Sun Lounger", "Bistro Set"),
        SUMMER,
    ),
    **dict.fromkeys(("Hose Reel", "Kick Scooter", "Hanging Basket", "Body Mist"), SUMMER),
    **dict.fromkeys(
        ("Throw Blanket", "Wool Scarf", "Merino Sweater", "Waxed Jacket", "Jigsaw Puzzle"), WINTER
    ),
    **dict.fromkeys(("Scented Candle", "Chelsea Boots", "Sleeping Bag"), WINTER),
}
SEASON_AMPLITUDE = 0.75
DEFAULT_SEASON_DAY = 172  # generate() without a date: as if seeded at midsummer
YEAR_DAYS = 365.25

_NOUNS = [t.noun for t in TYPES]


def type_index(noun: str) -> int:
    return _NOUNS.index(noun)


def kit_types() -> list[int]:
    """Every product type that is a device or an accessory of one, each once."""
    nouns = dict.fromkeys(noun for device, kit in KITS.items() for noun in (device, *kit))
    return [type_index(noun) for noun in nouns]


def with_kits(leaf: npt.NDArray[np.int64], product_type: npt.NDArray[np.int64]) -> None:
    """Make sure the catalogue has every kit's types, so even the small shop can show a phone
    with its case and power bank: each missing type replaces a product whose leaf and type
    both have another product (in place; the medium and large catalogues have every type, so
    nothing changes there)."""
    type_leaf = np.repeat(np.arange(LEAF_TYPE_COUNT.shape[0]), LEAF_TYPE_COUNT)
    assert type_leaf.shape[0] == len(TYPES)
    assert (LEAF_TYPE_START[type_leaf] <= np.arange(len(TYPES))).all()
    for wanted in kit_types():
        if (product_type == wanted).any():
            continue
        leaf_count = np.bincount(leaf, minlength=LEAF_TYPE_COUNT.shape[0])
        type_count = np.bincount(product_type, minlength=len(TYPES))
        spare = np.flatnonzero((leaf_count[leaf] > 1) & (type_count[product_type] > 1))
        if spare.shape[0] == 0:
            return
        leaf[spare[0]] = type_leaf[wanted]
        product_type[spare[0]] = wanted


def device_popularity(product_type: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """A popularity factor per product: the kits' devices are what shoppers come for."""
    factor = np.ones(len(TYPES))
    factor[[type_index(device) for device in KITS]] = DEVICE_POPULARITY
    return factor[product_type]


def season_factor(
    items: npt.NDArray[np.int64],
    days_ago: npt.NDArray[np.float64],
    catalogue: CataloguePlan,
    season_day: int,
) -> npt.NDArray[np.float64]:
    """How much more (or less) likely a seasonal product is carted on that day; 1 otherwise."""
    peak = np.full(len(TYPES), np.nan)
    for noun, peak_day in SEASONAL.items():
        peak[type_index(noun)] = peak_day
    item_peak = peak[catalogue.product_type[items]]
    day = season_day - days_ago
    factor = 1.0 + SEASON_AMPLITUDE * np.cos(2 * np.pi * (day - item_peak) / YEAR_DAYS)
    return np.where(np.isnan(item_peak), 1.0, factor)


def _pick_of_type(
    wanted: npt.NDArray[np.int64],
    taste: npt.NDArray[np.int64],
    catalogue: CataloguePlan,
    model: TasteModel,
    rng: np.random.Generator,
) -> npt.NDArray[np.int64]:
    """For each row, a product of type ``wanted[row]``, by popularity tilted to the taste;
    -1 where the catalogue has none."""
    out = np.full(wanted.shape[0], -1, dtype=np.int64)
    draw = rng.random(len(wanted))
    for kind in np.unique(wanted):
        items = np.flatnonzero(catalogue.product_type == kind)
        if items.shape[0] == 0:
            continue
        for t in np.unique(taste[wanted == kind]):
            rows = np.flatnonzero((wanted == kind) & (taste == t))
            weights: npt.NDArray[np.float64] = np.cumsum(
                catalogue.popularity[items] * np.exp(SHARPNESS * model.affinity[items, t]),
                dtype=np.float64,
            )
            picks = np.searchsorted(weights, draw[rows] * weights[-1], side="right")
            out[rows] = items[np.minimum(picks, items.shape[0] - 1)]
    return out


def add_accessories(
    seen: Interactions,
    carted: npt.NDArray[np.bool_],
    bought: npt.NDArray[np.bool_],
    session_days: npt.NDArray[np.float64],
    catalogue: CataloguePlan,
    model: TasteModel,
    rng: np.random.Generator,
) -> tuple[npt.NDArray[np.int64], Interactions, npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Accessory interactions for the carted devices: (the row each follows, the rows, carted,
    bought). Each is viewed just after its device in the same session and carted with it."""
    parents_list, wanted_list = [], []
    row_type = catalogue.product_type[seen.item]
    for device, kit in KITS.items():
        rows = np.flatnonzero(carted & (row_type == type_index(device)))
        for rank, accessory in enumerate(kit):
            chance = ACCESSORY_CHANCES[min(rank, len(ACCESSORY_CHANCES) - 1)]
            chosen = rows[rng.random(rows.shape[0]) < chance]
            parents_list.append(chosen)
            wanted_list.append(np.full(chosen.shape[0], type_index(accessory), dtype=np.int64))
    parents = np.concatenate(parents_list) if parents_list else np.empty(0, np.int64)
    wanted = np.concatenate(wanted_list) if wanted_list else np.empty(0, np.int64)
    items = _pick_of_type(wanted, seen.taste[parents], catalogue, model, rng)
    days = np.maximum(
        seen.view_days[parents] - rng.uniform(0.0005, 0.004, parents.shape[0]),
        session_days[seen.session[parents]] + 0.001,
    )
    listed = (items >= 0) & (days <= catalogue.created_days_ago[np.maximum(items, 0)])
    parents, items, days = parents[listed], items[listed], days[listed]
    extra = Interactions(
        seen.customer[parents], seen.session[parents], items, seen.taste[parents], days
    )
    with_device = bought[parents] & (rng.random(parents.shape[0]) < ACCESSORY_BOUGHT)
    return parents, extra, np.ones(parents.shape[0], dtype=bool), with_device


def add_rebuys(
    seen: Interactions,
    bought: npt.NDArray[np.bool_],
    session_days: npt.NDArray[np.float64],
    session_start: npt.NDArray[np.int64],
    per_customer: npt.NDArray[np.int64],
    catalogue: CataloguePlan,
    rng: np.random.Generator,
) -> tuple[npt.NDArray[np.int64], Interactions]:
    """Repurchases of bought consumables: (the row each follows, the rows, all carted and
    bought), each in the customer's session nearest one cycle after the previous purchase."""
    cycle = np.zeros(len(TYPES))
    for noun, cycle_days in CONSUMABLES.items():
        cycle[type_index(noun)] = cycle_days
    first = np.flatnonzero(bought & (cycle[catalogue.product_type[seen.item]] > 0))
    parents: list[int] = []
    sessions: list[int] = []
    for row in first.tolist():
        customer = int(seen.customer[row])
        start, count = int(session_start[customer]), int(per_customer[customer])
        own = session_days[start : start + count]
        period = cycle[catalogue.product_type[seen.item[row]]]
        last = float(seen.view_days[row])
        while True:
            target = last - period * (1.0 + rng.uniform(-CYCLE_JITTER, CYCLE_JITTER))
            later = np.flatnonzero(own < last - period / 2)
            if target < 0 or later.shape[0] == 0:
                break
            nearest = int(later[np.argmin(np.abs(own[later] - target))])
            parents.append(row)
            sessions.append(start + nearest)
            last = float(own[nearest])
            if rng.random() >= REBUY_CONTINUE:
                break
    parent = np.array(parents, dtype=np.int64)
    session = np.array(sessions, dtype=np.int64)
    days = session_days[session] + rng.uniform(0.002, 0.06, session.shape[0])
    rows = Interactions(seen.customer[parent], session, seen.item[parent], seen.taste[parent], days)
    return parent, rows


def merged(
    seen: Interactions,
    flags: tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]],
    *extra: tuple[
        npt.NDArray[np.int64], Interactions, npt.NDArray[np.bool_], npt.NDArray[np.bool_]
    ],
) -> tuple[Interactions, npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """The interactions with the extra rows, each placed right after the row it follows (the
    simulation keeps a prefix of the rows, so a kit is kept or cut with its device)."""
    position = np.concatenate(
        [np.arange(len(seen.item), dtype=np.float64), *[p + 0.5 for p, *_ in extra]]
    )
    order = np.argsort(position, kind="stable")

    def column(name: str) -> npt.NDArray[Any]:
        parts = [getattr(seen, name), *[getattr(rows, name) for _p, rows, *_ in extra]]
        return np.concatenate(parts)[order]

    rows = Interactions(
        column("customer"), column("session"), column("item"), column("taste"), column("view_days")
    )
    carted = np.concatenate([flags[0], *[c for _p, _r, c, _b in extra]])[order]
    bought = np.concatenate([flags[1], *[b for _p, _r, _c, b in extra]])[order]
    return rows, carted, bought


def bought_once(
    seen: Interactions, bought: npt.NDArray[np.bool_], catalogue: CataloguePlan
) -> npt.NDArray[np.bool_]:
    """``bought`` with only each customer's first purchase of a durable product: nobody buys
    the same phone twice (a later "buy" of it stays a cart); consumables are rebought."""
    consumable = np.zeros(len(TYPES), dtype=bool)
    consumable[[type_index(noun) for noun in CONSUMABLES]] = True
    durable = bought & ~consumable[catalogue.product_type[seen.item]]
    rows = np.flatnonzero(durable)
    n_items = catalogue.product_type.shape[0]
    oldest_first = rows[np.argsort(-seen.view_days[rows], kind="stable")]
    pairs = seen.customer[oldest_first] * n_items + seen.item[oldest_first]
    first = oldest_first[np.unique(pairs, return_index=True)[1]]
    keep = ~durable
    keep[first] = True
    return bought & keep
