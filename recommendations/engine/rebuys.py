"""What people rebuy ("Buy it again"): products of the kinds customers buy again and again,
with how long they last.

From paid order lines only (who, what, its product type, when). A kind is rebought when a
good share of its buyers bought the same product again in a later order, at least
``min_gap_days`` later (two phones in a fortnight are a return or a gift, not a cycle); the
cycle is the median gap between one purchase of a product and the customer's next. Products of
the other kinds are never offered again, however often one customer happened to buy one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True)
class RebuyConfig:
    min_gap_days: float = 14.0
    min_share: float = 0.3  # of a kind's buyers who rebought one of its products
    min_customers: int = 3  # rebuying customers a kind needs before it counts
    due_share: float = 0.6  # offered again once this share of the cycle has passed


def rebuy_cycles(
    user: npt.NDArray[np.int64],
    product: npt.NDArray[np.int64],
    kind: npt.NDArray[np.int64],
    days: npt.NDArray[np.float64],
    config: RebuyConfig = RebuyConfig(),
) -> dict[int, float]:
    """Product id -> its repurchase cycle in days, for the products of rebought kinds."""
    if user.shape[0] == 0:
        return {}
    order = np.lexsort((days, product, user))
    user, product, kind, days = user[order], product[order], kind[order], days[order]
    same = (user[1:] == user[:-1]) & (product[1:] == product[:-1])
    gap = days[1:] - days[:-1]
    again = same & (gap >= config.min_gap_days)

    cycles: dict[int, float] = {}
    kinds = np.unique(kind)
    for k in kinds[kinds >= 0].tolist():  # -1: no product type, no kind to judge
        rows = kind == k
        buyers = np.unique(user[rows]).shape[0]
        rebuying = np.unique(user[1:][again & rows[1:]]).shape[0]
        if rebuying < config.min_customers or rebuying < config.min_share * buyers:
            continue
        gaps = gap[again & rows[1:]]
        kind_cycle = float(np.median(gaps))
        for pid in np.unique(product[rows]).tolist():
            own = gap[again & (product[1:] == pid)]
            cycles[int(pid)] = float(np.median(own)) if own.shape[0] >= 2 else kind_cycle
    return cycles


def due_again(
    last_bought_days_ago: float, cycle: float, config: RebuyConfig = RebuyConfig()
) -> bool:
    """Whether a product bought that many days ago is due again (``due_share`` of its
    cycle has passed)."""
    return last_bought_days_ago >= config.due_share * cycle
