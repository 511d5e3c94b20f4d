"""Interaction events -> sparse user x item matrix (plus a session x item matrix).

The shop records heterogeneous events (views, cart additions, purchases, ratings). A neighbour
model needs one number per (user, item): how strongly the user showed interest. Events are
weighted by kind (a purchase says more than a view), decayed by age (tastes drift, stock
changes), summed per pair and then saturated with ``log1p`` so that one user buying the same
item twenty times does not dominate the item's co-occurrence statistics. Measured on MovieLens
and on generated baskets, ``log1p`` of the summed weight beats binarising (and raw sums) and
keeps the distinction between a glance and a purchase.

Besides the user rows, events close in time (one basket, one browsing session) are grouped into
*session* rows: items that co-occur inside a session are more related than items a user bought
months apart, and the similarity model counts those co-occurrences too.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import scipy.sparse as sp

KINDS = ("view", "cart", "purchase", "rating")
SECONDS_PER_DAY = 86_400.0
# Silence that ends a session. On MovieLens 600 s beat 300 s and 1,800 s; baskets share one
# timestamp, so any gap shorter than the time between two orders groups them correctly.
SESSION_GAP_SECONDS = 600.0

ValueTransform = Literal["log1p", "binary", "raw"]


@dataclass(frozen=True)
class SignalWeights:
    """How much one event of each kind is worth, before the time decay.

    Ratings are scaled by stars between ``rating_floor`` (worth nothing: a one-star rating is
    no reason to recommend similar items) and ``rating_max`` (worth ``rating``). Purchases and
    cart additions grow with the quantity but saturate (``log2(1 + quantity)``), because ten
    packets of coffee are not ten times the interest of one.
    """

    view: float = 1.0
    cart: float = 3.0
    purchase: float = 5.0
    rating: float = 2.5
    rating_floor: float = 2.0
    rating_max: float = 5.0
    half_life_days: float | None = 180.0

    def kind_weight(self, kind: str) -> float | None:
        """Base weight of a kind, ``None`` for kinds the engine does not know."""
        return {
            "view": self.view,
            "cart": self.cart,
            "purchase": self.purchase,
            "rating": self.rating,
        }.get(kind)


@dataclass(frozen=True)
class EventLog:
    """Timestamped events as indices (parallel arrays): the order the sequence model reads."""

    users: np.ndarray  # int64 row of the user
    items: np.ndarray  # int64 column of the item
    timestamps: np.ndarray  # float64 unix seconds

    def __post_init__(self) -> None:
        if not (self.users.size == self.items.size == self.timestamps.size):
            raise ValueError("users, items and timestamps must have the same length")

    def ordered(self) -> np.ndarray:
        """Positions sorted by user, then time (stable: file order inside a tie)."""
        return np.lexsort((np.arange(self.users.size), self.timestamps, self.users))


@dataclass(frozen=True)
class InteractionMatrix:
    """A user x item matrix together with the id <-> index mappings.

    ``sessions`` (session x item, same columns) and ``events`` (the timed events, as indices)
    are present when timestamps were given; the similarity model uses the sessions as extra
    co-occurrence rows, the sequence model and recency weighting read the events.
    """

    matrix: sp.csr_matrix
    user_ids: np.ndarray
    item_ids: np.ndarray
    sessions: sp.csr_matrix | None = None
    events: EventLog | None = None
    _user_index: dict[Hashable, int] = field(default_factory=dict, repr=False, compare=False)
    _item_index: dict[Hashable, int] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._user_index.update({u: i for i, u in enumerate(self.user_ids.tolist())})
        self._item_index.update({v: i for i, v in enumerate(self.item_ids.tolist())})

    @property
    def n_users(self) -> int:
        return int(self.matrix.shape[0])

    @property
    def n_items(self) -> int:
        return int(self.matrix.shape[1])

    def user_row(self, user_id: Hashable) -> int | None:
        """Row of a user id, ``None`` for users without interactions."""
        return self._user_index.get(user_id)

    def item_col(self, item_id: Hashable) -> int | None:
        """Column of an item id, ``None`` for items outside the universe."""
        return self._item_index.get(item_id)

    def item_counts(self) -> np.ndarray:
        """Number of distinct users per item (int64), the "how much evidence" measure."""
        return np.diff(self.matrix.tocsc().indptr).astype(np.int64)


def build_interactions(
    users: Sequence[Hashable] | np.ndarray,
    items: Sequence[Hashable] | np.ndarray,
    kinds: Sequence[str] | np.ndarray,
    values: Sequence[float] | np.ndarray | None = None,
    timestamps: Sequence[float] | np.ndarray | None = None,
    *,
    now: float | None = None,
    weights: SignalWeights | None = None,
    item_universe: Sequence[Hashable] | np.ndarray | None = None,
    session_gap: float | None = SESSION_GAP_SECONDS,
) -> InteractionMatrix:
    """Build the weighted implicit-feedback matrix from shop events.

    ``values`` holds stars for ratings and quantities for purchases/cart additions (missing or
    NaN means 1). Events of unknown kind, and items outside ``item_universe`` when it is given,
    are dropped. ``now`` anchors the time decay; it defaults to the newest timestamp so that
    offline runs are reproducible.
    """
    weights = weights or SignalWeights()
    kinds_arr = np.asarray(kinds, dtype=object)
    n = kinds_arr.size
    vals = _float_array(values, n, default=1.0)
    vals = np.where(np.isnan(vals), 1.0, vals)

    event_weight = np.zeros(n, dtype=np.float64)
    for kind in KINDS:
        mask = kinds_arr == kind
        if not mask.any():
            continue
        base = weights.kind_weight(kind)
        assert base is not None
        if kind == "rating":
            span = max(weights.rating_max - weights.rating_floor, 1e-9)
            event_weight[mask] = base * np.clip((vals[mask] - weights.rating_floor) / span, 0, 1)
        elif kind == "view":
            event_weight[mask] = base
        else:
            event_weight[mask] = base * np.log2(1.0 + np.maximum(vals[mask], 0.0))

    times = _float_array(timestamps, n, default=np.nan) if timestamps is not None else None
    if times is not None and weights.half_life_days:
        anchor = now if now is not None else _nanmax(times)
        age_days = np.clip((anchor - np.nan_to_num(times, nan=anchor)) / SECONDS_PER_DAY, 0, None)
        event_weight *= 0.5 ** (age_days / weights.half_life_days)

    return _assemble(
        users, items, event_weight, times, item_universe, transform="log1p", gap=session_gap
    )


def build_from_values(
    users: Sequence[Hashable] | np.ndarray,
    items: Sequence[Hashable] | np.ndarray,
    values: Sequence[float] | np.ndarray | None = None,
    timestamps: Sequence[float] | np.ndarray | None = None,
    *,
    transform: ValueTransform = "log1p",
    item_universe: Sequence[Hashable] | np.ndarray | None = None,
    session_gap: float | None = SESSION_GAP_SECONDS,
) -> InteractionMatrix:
    """Build the matrix from plain (user, item, value) triples, as read by the offline CLI.

    Values may be ratings (0.5..5) or quantities (1, 2, 3...), and the CLI cannot tell which.
    ``log1p`` of the summed value (the default) keeps a mild preference for high ratings and
    repeat purchases while saturating large quantities; it beat ``binary`` and ``raw`` both on
    MovieLens and on generated baskets (benchmarks/README_recsys.md). Non-positive values are
    dropped in every mode.
    """
    n = len(users)
    vals = _float_array(values, n, default=1.0)
    vals = np.where(np.isnan(vals) | (vals <= 0), 0.0, vals)
    times = _float_array(timestamps, n, default=np.nan) if timestamps is not None else None
    return _assemble(users, items, vals, times, item_universe, transform=transform, gap=session_gap)


def session_rows(
    user_index: np.ndarray,
    item_index: np.ndarray,
    weight: np.ndarray,
    timestamps: np.ndarray,
    n_items: int,
    gap: float,
    transform: ValueTransform = "log1p",
    min_items: int = 2,
) -> sp.csr_matrix:
    """Session x item matrix: a user's events split wherever ``gap`` seconds pass in silence.

    Sessions of fewer than ``min_items`` items are dropped: for similarity, a single item
    carries no co-occurrence; basket statistics (``complements``) keep them (``min_items=1``).
    """
    if user_index.size == 0:
        return sp.csr_matrix((0, n_items), dtype=np.float32)
    known = ~np.isnan(timestamps)
    u, i, w, t = user_index[known], item_index[known], weight[known], timestamps[known]
    order = np.lexsort((t, u))
    u, i, w, t = u[order], i[order], w[order], t[order]
    new = np.r_[True, (u[1:] != u[:-1]) | (np.diff(t) > gap)] if u.size else np.zeros(0, bool)
    session = np.cumsum(new) - 1
    n_sessions = int(session[-1]) + 1 if session.size else 0
    mat = _transformed(session, i, w, n_sessions, n_items, transform)
    return mat[np.diff(mat.indptr) >= min_items]


def _assemble(
    users: Sequence[Hashable] | np.ndarray,
    items: Sequence[Hashable] | np.ndarray,
    event_weight: np.ndarray,
    times: np.ndarray | None,
    item_universe: Sequence[Hashable] | np.ndarray | None,
    transform: ValueTransform,
    gap: float | None,
) -> InteractionMatrix:
    users_arr = _key_array(users)
    items_arr = _key_array(items)
    if not (users_arr.size == items_arr.size == event_weight.size):
        raise ValueError("users, items and values must have the same length")

    if item_universe is not None:
        item_ids = _key_array(item_universe)
        lookup = {v: k for k, v in enumerate(item_ids.tolist())}
        item_index = np.fromiter(
            (lookup.get(v, -1) for v in items_arr.tolist()), dtype=np.int64, count=items_arr.size
        )
    else:
        item_ids, item_index = _factorize(items_arr)

    keep = (item_index >= 0) & (event_weight > 0)
    user_ids, user_index = _factorize(users_arr[keep])
    item_index = item_index[keep]
    event_weight = event_weight[keep]
    n_users, n_items = user_ids.size, item_ids.size

    matrix = _transformed(user_index, item_index, event_weight, n_users, n_items, transform)
    sessions = events = None
    if times is not None:
        timed = ~np.isnan(times[keep])
        events = EventLog(user_index[timed], item_index[timed], times[keep][timed])
        if gap is not None:
            sessions = session_rows(
                user_index, item_index, event_weight, times[keep], n_items, gap, transform
            )
    return InteractionMatrix(
        matrix=matrix,
        user_ids=user_ids,
        item_ids=item_ids,
        sessions=sessions,
        events=events,
    )


def _transformed(
    rows: np.ndarray,
    cols: np.ndarray,
    weight: np.ndarray,
    n_rows: int,
    n_cols: int,
    transform: ValueTransform,
) -> sp.csr_matrix:
    """Sum duplicates per (row, col), then apply the saturating transform."""
    mat = sp.csr_matrix(
        (weight.astype(np.float64), (rows, cols)), shape=(n_rows, n_cols), dtype=np.float64
    )
    mat.sum_duplicates()
    if transform == "binary":
        mat.data = (mat.data > 0).astype(np.float64)
    elif transform == "log1p":
        mat.data = np.log1p(mat.data)
    mat.eliminate_zeros()
    return mat.astype(np.float32)


def _key_array(keys: Sequence[Hashable] | np.ndarray) -> np.ndarray:
    """Ids as a 1-d numpy array; strings and mixed keys become an object array."""
    arr = np.asarray(keys)
    if arr.ndim != 1:
        arr = np.empty(len(keys), dtype=object)
        arr[:] = list(keys)
    if arr.dtype.kind in "US":
        arr = arr.astype(object)
    return arr


def _factorize(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unique ids (sorted when sortable, else first-seen order) and the index of each key.

    Object ids (strings) go through a dict, several times faster than sorting the full array.
    """
    if keys.dtype != object:
        uniques, inverse = np.unique(keys, return_inverse=True)
        return uniques, inverse.astype(np.int64).ravel()
    lookup: dict[Hashable, int] = {}
    index = np.fromiter(
        (lookup.setdefault(k, len(lookup)) for k in keys.tolist()), dtype=np.int64, count=keys.size
    )
    uniques = np.empty(len(lookup), dtype=object)
    uniques[:] = list(lookup)
    try:
        order = np.argsort(uniques, kind="stable")
    except TypeError:  # mixed, unorderable ids: keep first-seen order
        return uniques, index
    rank = np.empty(order.size, dtype=np.int64)
    rank[order] = np.arange(order.size)
    return uniques[order], rank[index]


def _float_array(values: Sequence[float] | np.ndarray | None, n: int, default: float) -> np.ndarray:
    if values is None:
        return np.full(n, default, dtype=np.float64)
    arr = np.asarray(values, dtype=np.float64).ravel()
    if arr.size != n:
        raise ValueError(f"expected {n} values, got {arr.size}")
    return arr


def _nanmax(values: np.ndarray) -> float:
    finite = values[~np.isnan(values)]
    return float(finite.max()) if finite.size else 0.0
