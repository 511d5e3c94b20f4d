"""How unusual each warning sign is in this shop, learned from its own past orders.

A sign's evidence is graded by how rare the order's value is among past orders: an account
created 10 minutes before ordering counts for more where 0.2% of orders come from accounts
that new than where 3% do. For a sign whose suspicious direction is "high" the tail is the
share of past orders with a value at least as high (at most as low for "low" signs), smoothed
towards ``BASELINE`` by ``PRIOR_ORDERS`` pseudo-orders (a shop of 60 orders that never saw two
of one product cannot say that two is rarer than 1 in 60) and floored at ``P_FLOOR``; the
evidence is the log of how much rarer than ``BASELINE`` that is, in nats, and 0 for the
commoner half of orders. Summed over
signs it is a naive-Bayes log-likelihood ratio against the shop's normal (a sign of fraud is
assumed as likely at every value until staff decisions say otherwise, see ``calibration``).

Signs that go together in honest orders are measured together: a gift ships to a new address
that is not the card's billing address, often abroad; counting those three as independent
would score every gift like a stolen card. For such a group the tail is the share of past
orders with at least the same signs set, and the evidence is shared among the signs set.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from .features import INDEX

FloatArray = npt.NDArray[np.float64]

P_FLOOR = 0.001
BASELINE = 0.5
PRIOR_ORDERS = 10.0
MAX_BREAKPOINTS = 200


@dataclass(frozen=True)
class Tail:
    """Counts of past orders at least as extreme as each breakpoint value.

    Values are stored oriented so that "more suspicious" is always "higher" (a "low" sign's
    values are negated). The last breakpoint lies just above the largest past value with a
    count of 0, so an order beyond anything seen gets the most evidence.
    """

    values: FloatArray
    counts: FloatArray
    n: int

    @classmethod
    def learn(cls, column: FloatArray) -> Tail:
        history = np.sort(np.asarray(column, dtype=np.float64))
        n = int(history.size)
        if n == 0:
            # Nothing to compare with: no value is unusual (JSON has no infinity).
            return cls(np.array([np.finfo(np.float64).max]), np.array([0.0]), 0)
        unique = np.unique(history)
        if unique.size > MAX_BREAKPOINTS:
            # Finer where it matters: breakpoints at log-spaced tail shares.
            shares = np.geomspace(1.0, 1.0 / n, MAX_BREAKPOINTS)
            unique = np.unique(np.quantile(history, 1.0 - shares, method="lower"))
        above = np.nextafter(history[-1], np.inf)
        values = np.append(unique, above)
        counts = (n - np.searchsorted(history, values, side="left")).astype(np.float64)
        return cls(values, counts, n)

    def count(self, x: FloatArray) -> FloatArray:
        """Past orders at least as extreme as ``x`` (exact at breakpoints, else an upper
        bound: between breakpoints the order gets the evidence of the lower one)."""
        i = np.searchsorted(self.values, x, side="right") - 1
        counts = np.where(i >= 0, self.counts[np.maximum(i, 0)], float(self.n))
        return np.asarray(counts, dtype=np.float64)

    def to_json(self) -> dict[str, Any]:
        return {"values": self.values.tolist(), "counts": self.counts.tolist(), "n": self.n}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Tail:
        return cls(
            np.asarray(data["values"], dtype=np.float64),
            np.asarray(data["counts"], dtype=np.float64),
            int(data["n"]),
        )


def smoothed(count: FloatArray, n: int) -> FloatArray:
    """The tail probability from a count of ``n`` past orders, shrunk towards ``BASELINE``."""
    p = (np.asarray(count, dtype=np.float64) + PRIOR_ORDERS * BASELINE) / (n + PRIOR_ORDERS)
    return np.asarray(np.maximum(p, P_FLOOR), dtype=np.float64)


def share(count: FloatArray, n: int) -> FloatArray:
    """The plain share of past orders (1 with none: nothing is unusual yet)."""
    return np.asarray(count, dtype=np.float64) / n if n else np.ones_like(count, dtype=float)


def nats(p: FloatArray) -> FloatArray:
    """Evidence of a tail probability: 0 up to ``BASELINE``, then ln(BASELINE / p)."""
    return np.asarray(np.maximum(np.log(BASELINE / p), 0.0), dtype=np.float64)


@dataclass(frozen=True)
class JointTail:
    """Past orders per combination of a group of yes/no signs (bit i: sign i set)."""

    members: tuple[str, ...]
    counts: FloatArray  # one per combination, 2 ** len(members)
    n: int

    @classmethod
    def learn(cls, members: Sequence[str], flags: npt.NDArray[np.bool_]) -> JointTail:
        codes = flags.astype(np.int64) @ (1 << np.arange(len(members)))
        counts = np.bincount(codes, minlength=1 << len(members)).astype(np.float64)
        return cls(tuple(members), counts, int(flags.shape[0]))

    def count(self, flags: npt.NDArray[np.bool_]) -> FloatArray:
        """Past orders with at least the signs set in each row."""
        size = 1 << len(self.members)
        combos = np.arange(size)
        # at_least[c]: past orders whose combination contains every sign of c.
        at_least = np.array([self.counts[(combos & c) == c].sum() for c in range(size)])
        codes = flags.astype(np.int64) @ (1 << np.arange(len(self.members)))
        return np.asarray(at_least[codes], dtype=np.float64)

    def to_json(self) -> dict[str, Any]:
        return {"members": list(self.members), "counts": self.counts.tolist(), "n": self.n}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> JointTail:
        return cls(
            tuple(data["members"]), np.asarray(data["counts"], dtype=np.float64), int(data["n"])
        )


def oriented(features: FloatArray, feature: str, direction: str) -> FloatArray:
    column = np.asarray(features[:, INDEX[feature]], dtype=np.float64)
    return -column if direction == "low" else column


def only_repeat_orders(features: FloatArray) -> npt.NDArray[np.bool_]:
    """Orders whose account has a "usual" to compare with."""
    return np.asarray(features[:, INDEX["previous_orders"]] > 0)
