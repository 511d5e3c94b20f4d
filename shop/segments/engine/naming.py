"""Names for groups of customers, by rules a member of staff can check by hand.

A group is described by a profile (its typical recency, order count and spend); the rules
compare it with fixed day counts and with the median buyer of the same run. The names depend
only on the numbers, never on KMeans' arbitrary cluster numbering, so they are stable from one
run to the next.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

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


def name_buyers(profile: Profile, reference: Reference, rules: NamingRules) -> str:
    """The segment of a group of customers who have ordered. Lapsed first (how long since the
    last order matters most for what to do next), then loyalty, then spend, then the rest."""
    big_spender = profile.monetary >= reference.big_spend(rules)
    frequent = profile.frequency >= reference.many_orders(rules)
    if profile.recency_days >= rules.lost_days:
        return LOST
    if profile.recency_days >= rules.at_risk_days:
        return AT_RISK if (big_spender or frequent) else HIBERNATING
    # Coming back again and again is the stronger signal: a frequent customer who also spends a
    # lot is loyal; "big spenders" are those whose few orders are large.
    if frequent:
        return LOYAL
    if big_spender:
        return BIG_SPENDERS
    return PROMISING


def name_non_buyer(tenure_days: float, rules: NamingRules) -> str:
    return NEW if tenure_days <= rules.new_customer_days else PROSPECT
