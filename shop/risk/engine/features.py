"""One row of numbers per order, computed only from what was known when it was placed."""

from __future__ import annotations

import bisect
import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

# The columns of a feature matrix, in order. Stored with every score, so renaming one is a
# model version change.
FEATURES: tuple[str, ...] = (
    "account_age_hours",  # from sign-up to this order
    "previous_orders",  # this account's orders before this one
    "amount",  # order total
    "amount_vs_usual",  # total / median of this account's previous totals (1 without history)
    "failed_payments_24h",  # declined card authorisations by this account in the 24 h before
    "new_address",  # 1: ships somewhere this account never used (saved or ordered to)
    "new_country",  # 1: ships to a country this account never used
    "orders_24h",  # this account's orders in the 24 h before
    "address_orders_24h",  # other accounts' orders to the same address in the 24 h before
    "max_quantity",  # the largest quantity of one product in the order
    "billing_mismatch",  # 1: the card's billing address is not where the order ships
    # Two signs that mean more together than apart (each alone is common in honest orders):
    "young_account_orders",  # earlier orders of an account less than a day old (else 0)
    # 1: the card's billing address is not where the order ships, from an account less than a
    # day old (a stolen card on a fresh account; an honest sign-up ships home, where it bills)
    "young_account_mismatch",
    # amount_vs_usual of an order to a new address (else 0): a taken-over account splurges
    # somewhere its owner never shipped to; honest splurges mostly go home
    "new_address_vs_usual",
    # the order total from an account less than a day old (else 0): a fresh account with a
    # stolen card buys big at once; honest sign-ups buy what everyone buys
    "young_account_amount",
)
INDEX: dict[str, int] = {name: i for i, name in enumerate(FEATURES)}
# Filled from other columns by ``combine_signs``.
COMBINED: tuple[str, ...] = (
    "young_account_mismatch",
    "new_address_vs_usual",
    "young_account_amount",
)
DAY = 24 * 3600.0
# An account that no longer exists (deleted, orders anonymised) counts as an old one.
UNKNOWN_ACCOUNT_AGE_HOURS = 24.0 * 365
# An address is the account's own only once it was saved, or ordered to, this long before.
# Checkout saves the delivery address ("save this address" is ticked by default) minutes before
# the order, and a thief who takes over an account orders twice in an hour: without the wait,
# both orders would ship to a "known" address.
SETTLED_ADDRESS_HOURS = 24.0
# An account younger than this that already ordered is on a spree: honest customers who sign up
# at checkout rarely order again the same day (a thief with a fresh account does).
YOUNG_ACCOUNT_HOURS = 24.0


@dataclass(frozen=True, slots=True)
class OrderRecord:
    order_id: int
    account_id: int | None
    placed_at: float  # seconds since the epoch
    amount: float
    address: str  # see ``address_key``
    country: str
    max_quantity: int
    # The card's billing address (``address_key``) and country, when the checkout asks for
    # one; empty means unknown, which never counts as a mismatch.
    billing_address: str = ""
    billing_country: str = ""


@dataclass(frozen=True, slots=True)
class AccountRecord:
    joined_at: float
    # (saved_at, address key, country) of the addresses the customer saved in their account.
    saved_addresses: tuple[tuple[float, str, str], ...] = ()
    # Times of declined card authorisations, any order.
    failed_payments: tuple[float, ...] = field(default_factory=tuple)


_NOT_ALPHANUMERIC = re.compile(r"[^0-9a-z]")


@functools.lru_cache(maxsize=16_384)
def address_key(line1: str, postcode: str, country: str) -> str:
    """The same place however it was typed: case, spaces and punctuation do not matter.

    Cached: a checkout's risk features key every earlier order of the customer and of the
    postcode, mostly the same few addresses again."""

    def squash(text: str) -> str:
        return _NOT_ALPHANUMERIC.sub("", text.casefold())

    return f"{squash(country)}|{squash(postcode)}|{squash(line1)}"


def _somewhere_new(
    order: OrderRecord, account: AccountRecord | None, earlier: Sequence[OrderRecord]
) -> tuple[float, float]:
    """(new address, new country): 1 when the order ships where the account was not settled.

    An address (country) is settled once saved, or ordered to, ``SETTLED_ADDRESS_HOURS``
    before. Only an account with somewhere else to compare against can ship somewhere new:
    a first order to the address saved at its own checkout is not "new", while one to Paris
    from an account whose only address, saved a minute ago, is in London is.
    """
    settled_since = order.placed_at - SETTLED_ADDRESS_HOURS * 3600
    places: list[tuple[float, str, str]] = [
        (t, a, c)
        for t, a, c in (account.saved_addresses if account else ())
        if t <= order.placed_at
    ]
    places += [(r.placed_at, r.address, r.country) for r in earlier]
    out = []
    for position, value in ((1, order.address), (2, order.country)):
        settled = {p[position] for p in places if p[0] <= settled_since}
        elsewhere = settled | ({p[position] for p in places} - {value})
        out.append(float(value not in settled and bool(elsewhere)))
    return out[0], out[1]


def _order_key(record: OrderRecord) -> tuple[float, int]:
    return (record.placed_at, record.order_id)


def compute_features(
    targets: Sequence[OrderRecord],
    history: Iterable[OrderRecord],
    accounts: Mapping[int, AccountRecord],
) -> npt.NDArray[np.float64]:
    """Features of each target order, from the history strictly before it.

    ``history`` holds every order that may matter (the targets' accounts' orders and orders to
    the targets' addresses); it may include the targets themselves, which never count for
    themselves because only earlier orders do.
    """
    by_account: dict[int, list[OrderRecord]] = defaultdict(list)
    by_address: dict[str, list[OrderRecord]] = defaultdict(list)
    for record in history:
        if record.account_id is not None:
            by_account[record.account_id].append(record)
        by_address[record.address].append(record)
    for records in (*by_account.values(), *by_address.values()):
        records.sort(key=_order_key)
    account_keys = {a: [_order_key(r) for r in rs] for a, rs in by_account.items()}
    address_keys = {a: [_order_key(r) for r in rs] for a, rs in by_address.items()}

    rows = np.zeros((len(targets), len(FEATURES)), dtype=np.float64)
    for row, order in zip(rows, targets, strict=True):
        key = _order_key(order)
        account = accounts.get(order.account_id) if order.account_id is not None else None
        earlier: list[OrderRecord] = []
        if order.account_id is not None:
            own = by_account.get(order.account_id, [])
            earlier = own[: bisect.bisect_left(account_keys.get(order.account_id, []), key)]

        if account is None:
            row[INDEX["account_age_hours"]] = UNKNOWN_ACCOUNT_AGE_HOURS
        else:
            row[INDEX["account_age_hours"]] = max(order.placed_at - account.joined_at, 0.0) / 3600
        row[INDEX["previous_orders"]] = len(earlier)
        row[INDEX["amount"]] = order.amount
        usual = float(np.median([r.amount for r in earlier])) if earlier else 0.0
        row[INDEX["amount_vs_usual"]] = order.amount / usual if usual > 0 else 1.0

        since = order.placed_at - DAY
        if account is not None:
            failures = account.failed_payments
            row[INDEX["failed_payments_24h"]] = sum(since <= t <= order.placed_at for t in failures)
        row[INDEX["orders_24h"]] = sum(r.placed_at >= since for r in earlier)

        row[INDEX["new_address"]], row[INDEX["new_country"]] = _somewhere_new(
            order, account, earlier
        )

        same_place = by_address.get(order.address, [])
        same_place_before = same_place[
            : bisect.bisect_left(address_keys.get(order.address, []), key)
        ]
        row[INDEX["address_orders_24h"]] = sum(
            r.placed_at >= since and r.account_id != order.account_id for r in same_place_before
        )
        row[INDEX["max_quantity"]] = order.max_quantity
        if row[INDEX["account_age_hours"]] < YOUNG_ACCOUNT_HOURS:
            row[INDEX["young_account_orders"]] = len(earlier)
        if order.billing_address:
            row[INDEX["billing_mismatch"]] = float(order.billing_address != order.address)
    return combine_signs(rows)


def combine_signs(rows: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Fill the columns that combine two signs from the others (in place; returns ``rows``)."""
    young = rows[:, INDEX["account_age_hours"]] < YOUNG_ACCOUNT_HOURS
    new_address = rows[:, INDEX["new_address"]] > 0
    rows[:, INDEX["young_account_mismatch"]] = np.where(
        young, rows[:, INDEX["billing_mismatch"]], 0.0
    )
    rows[:, INDEX["young_account_amount"]] = np.where(young, rows[:, INDEX["amount"]], 0.0)
    rows[:, INDEX["new_address_vs_usual"]] = np.where(
        new_address, rows[:, INDEX["amount_vs_usual"]], 0.0
    )
    return rows
