"""Segment names, by one table of rules a member of staff can check against any customer.

Each customer is named by the rules on their own recency, order count and spend (never by
the cluster they fell in: a cluster's centroid can be recent while some of its members are
not). The conditions compare with fixed day counts and with the median buyer of the same run,
and they are mutually exclusive and cover every customer, so the table reads in any order and
every member of a segment satisfies that segment's row, which :func:`rule_table` states in
plain words with the run's numbers, for the admin to show as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

# The segments, in the order staff read them: from not-yet-customers to lost ones.
NEW = "new"
PROSPECT = "prospect"
PROMISING = "promising"
LOYAL = "loyal"
BIG_SPENDERS = "big_spenders"
AT_RISK = "at_risk"
HIBERNATING = "hibernating"
LOST = "lost"
SEGMENTS = (NEW, PROSPECT, PROMISING, LOYAL, BIG_SPENDERS, AT_RISK, HIBERNATING, LOST)


@dataclass(frozen=True)
class NamingRules:
    # Signed up this recently and no order yet: "new"; longer ago: a "prospect".
    new_customer_days: float = 30.0
    # No order for a quarter: a customer who used to buy is slipping away.
    at_risk_days: float = 90.0
    # No order for nine months: gone, whatever they used to spend.
    lost_days: float = 270.0
    # Valuable means spending or ordering at least this many times the median buyer.
    big_spender_factor: float = 2.0
    loyal_factor: float = 2.0
    # ... and loyal needs at least this many orders in the window whatever the median.
    loyal_min_orders: float = 3.0

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


@dataclass(frozen=True)
class Profile:
    recency_days: float
    frequency: float
    monetary: float


@dataclass(frozen=True)
class Reference:
    """The median buyer (with orders in the window) of the run: what "a lot" is measured
    against."""

    median_frequency: float
    median_monetary: float

    def big_spend(self, rules: NamingRules) -> float:
        return rules.big_spender_factor * self.median_monetary

    def many_orders(self, rules: NamingRules) -> float:
        return max(rules.loyal_min_orders, rules.loyal_factor * self.median_frequency)


@dataclass(frozen=True)
class Customers:
    """Columns of the customers to name (recency NaN: never ordered)."""

    recency_days: FloatArray
    frequency: FloatArray
    monetary: FloatArray
    tenure_days: FloatArray


Condition = Callable[[Customers], BoolArray]


@dataclass(frozen=True)
class SegmentRule:
    """One row of the table: the segment, its condition in words, and the condition."""

    segment: str
    condition: str
    applies: Condition


def rule_table(reference: Reference, rules: NamingRules) -> tuple[SegmentRule, ...]:
    """The rows in reading order; exactly one applies to any customer."""
    new, risk, lost = rules.new_customer_days, rules.at_risk_days, rules.lost_days
    spend, orders = reference.big_spend(rules), reference.many_orders(rules)

    def ordered(c: Customers) -> BoolArray:
        return np.asarray(~np.isnan(c.recency_days))

    def days(c: Customers) -> FloatArray:
        return np.nan_to_num(c.recency_days, nan=np.inf)

    def recent(c: Customers) -> BoolArray:
        return ordered(c) & (days(c) < risk)

    def lapsing(c: Customers) -> BoolArray:
        return ordered(c) & (days(c) >= risk) & (days(c) < lost)

    def valuable(c: Customers) -> BoolArray:
        return np.asarray((c.frequency >= orders) | (c.monetary >= spend))

    def frequent(c: Customers) -> BoolArray:
        return np.asarray(c.frequency >= orders)

    def big(c: Customers) -> BoolArray:
        return np.asarray(c.monetary >= spend)

    n, d, s = f"{orders:g}", f"{risk:g}", f"{spend:.2f}"
    return (
        SegmentRule(
            NEW,
            f"no order yet, joined in the last {new:g} days",
            lambda c: ~ordered(c) & (c.tenure_days <= new),
        ),
        SegmentRule(
            PROSPECT,
            f"no order yet, joined more than {new:g} days ago",
            lambda c: ~ordered(c) & (c.tenure_days > new),
        ),
        SegmentRule(
            PROMISING,
            f"last order less than {d} days ago, fewer than {n} orders and less than {s} spent",
            lambda c: recent(c) & ~frequent(c) & ~big(c),
        ),
        SegmentRule(
            LOYAL,
            f"last order less than {d} days ago, {n} or more orders",
            lambda c: recent(c) & frequent(c),
        ),
        SegmentRule(
            BIG_SPENDERS,
            f"last order less than {d} days ago, fewer than {n} orders but {s} or more spent",
            lambda c: recent(c) & ~frequent(c) & big(c),
        ),
        SegmentRule(
            AT_RISK,
            f"last order {d} to {lost:g} days ago, {n} or more orders or {s} or more spent",
            lambda c: lapsing(c) & valuable(c),
        ),
        SegmentRule(
            HIBERNATING,
            f"last order {d} to {lost:g} days ago, fewer than {n} orders and less than {s} spent",
            lambda c: lapsing(c) & ~valuable(c),
        ),
        SegmentRule(
            LOST,
            f"last order {lost:g} days ago or more",
            lambda c: ordered(c) & (days(c) >= lost),
        ),
    )


def name_customers(customers: Customers, reference: Reference, rules: NamingRules) -> list[str]:
    """Each customer's segment: the one row of the table that applies to them."""
    table = rule_table(reference, rules)
    applies = np.column_stack([row.applies(customers) for row in table])
    if not np.all(applies.sum(axis=1) == 1):  # a broken table must fail loudly, not guess
        raise RuntimeError("the naming rules must apply to each customer exactly once")
    return [table[j].segment for j in np.argmax(applies, axis=1).tolist()]


def name_buyers(profile: Profile, reference: Reference, rules: NamingRules) -> str:
    """The segment of one buyer (or of a typical one: a cluster's centroid)."""
    one = Customers(
        np.array([profile.recency_days]),
        np.array([profile.frequency]),
        np.array([profile.monetary]),
        np.array([np.inf]),
    )
    return name_customers(one, reference, rules)[0]


def name_non_buyer(tenure_days: float, rules: NamingRules) -> str:
    return NEW if tenure_days <= rules.new_customer_days else PROSPECT
