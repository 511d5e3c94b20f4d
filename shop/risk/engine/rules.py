"""Transparent rules: each names a warning sign, the feature it reads and how it reads it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .features import INDEX

# A threshold no order reaches (JSON and PostgreSQL have no infinity).
DISABLED = 1e12


def _duration(hours: float) -> str:
    minutes = round(hours * 60)
    if minutes < 120:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    if hours < 48:
        return f"{round(hours)} hours"
    return f"{round(hours / 24)} days"


def _plural(count: float, one: str, many: str) -> str:
    n = round(count)
    return f"{n} {one if n == 1 else many}"


@dataclass(frozen=True)
class Rule:
    """A warning sign. Untrained, it fires at ``default_threshold`` for ``points``; trained, its
    points grow with how rare the order's value is in the shop (see ``evidence``) and it is
    named as a reason once the value is among the rarest ``REASON_TAIL`` of orders."""

    name: str
    feature: str
    # "low": suspicious when small (fires at or below the threshold); "high": when large.
    direction: str
    default_threshold: float
    points: float
    explain: Callable[[npt.NDArray[np.float64], float | None], str]
    # Only orders from accounts with earlier orders have a value worth comparing.
    repeat_only: bool = False

    def fires(self, row: npt.NDArray[np.float64], threshold: float) -> bool:
        value = float(row[INDEX[self.feature]])
        return value <= threshold if self.direction == "low" else value >= threshold


def _new_account(row: npt.NDArray[np.float64], _share: float | None) -> str:
    age = _duration(float(row[INDEX["account_age_hours"]]))
    if row[INDEX["previous_orders"]] == 0:
        return f"first order from an account created {age} ago"
    return f"account created only {age} ago"


def _large_amount(row: npt.NDArray[np.float64], share: float | None) -> str:
    # ``share``: of past orders, those at least this large. "Above 99%" also covers "above
    # every one": a shop with 60 orders cannot tell the two apart.
    above = 99 if share is None else min(99, int(np.floor(100 * (1.0 - share))))
    return f"amount {row[INDEX['amount']]:.2f} is above {above}% of the shop's orders"


RULES: tuple[Rule, ...] = (
    Rule(
        "new_account",
        "account_age_hours",
        "low",
        default_threshold=24.0,
        points=25,
        explain=_new_account,
    ),
    Rule(
        "amount_vs_usual",
        "amount_vs_usual",
        "high",
        default_threshold=3.0,
        points=20,
        explain=lambda r, _share: (
            f"amount {r[INDEX['amount_vs_usual']]:.1f}x this customer's usual"
        ),
        repeat_only=True,
    ),
    Rule(
        "large_amount",
        "amount",
        "high",
        # Without history there is no "large" yet: the rule waits for a trained model.
        default_threshold=DISABLED,
        points=15,
        explain=_large_amount,
    ),
    Rule(
        "failed_payments",
        "failed_payments_24h",
        "high",
        default_threshold=2.0,
        points=25,
        explain=lambda r, _share: _plural(
            r[INDEX["failed_payments_24h"]],
            "declined card payment in the last 24 h",
            "declined card payments in the last 24 h",
        ),
    ),
    Rule(
        "new_address",
        "new_address",
        "high",
        default_threshold=1.0,
        points=15,
        explain=lambda r, _share: "ships to an address this account has never used",
    ),
    Rule(
        "billing_mismatch",
        "billing_mismatch",
        "high",
        default_threshold=1.0,
        points=15,
        explain=lambda r, _share: "the card's billing address is not the delivery address",
    ),
    Rule(
        "new_country",
        "new_country",
        "high",
        default_threshold=1.0,
        points=15,
        explain=lambda r, _share: "ships to a country this account has never used",
    ),
    Rule(
        "order_velocity",
        "orders_24h",
        "high",
        default_threshold=3.0,
        points=20,
        explain=lambda r, _share: _plural(
            r[INDEX["orders_24h"]] + 1,
            "order from this account in 24 h",
            "orders from this account in 24 h",
        ),
    ),
    Rule(
        "shared_address",
        "address_orders_24h",
        "high",
        default_threshold=2.0,
        points=20,
        explain=lambda r, _share: _plural(
            r[INDEX["address_orders_24h"]],
            "order from another account to the same address in 24 h",
            "orders from other accounts to the same address in 24 h",
        ),
    ),
    Rule(
        "young_account_spree",
        "young_account_orders",
        "high",
        default_threshold=1.0,
        points=20,
        explain=lambda r, _share: (
            f"{_plural(r[INDEX['young_account_orders']], 'earlier order', 'earlier orders')} "
            f"from an account created {_duration(float(r[INDEX['account_age_hours']]))} ago"
        ),
    ),
    Rule(
        "new_account_mismatch",
        "young_account_mismatch",
        "high",
        default_threshold=1.0,
        points=15,
        explain=lambda r, _share: (
            "billed elsewhere than it ships, from an account created "
            f"{_duration(float(r[INDEX['account_age_hours']]))} ago"
        ),
    ),
    Rule(
        "new_account_large_amount",
        "young_account_amount",
        "high",
        default_threshold=DISABLED,
        points=15,
        explain=lambda r, _share: (
            f"amount {r[INDEX['amount']]:.2f} from an account created "
            f"{_duration(float(r[INDEX['account_age_hours']]))} ago"
        ),
    ),
    Rule(
        "new_address_splurge",
        "new_address_vs_usual",
        "high",
        default_threshold=3.0,
        points=15,
        explain=lambda r, _share: (
            f"amount {r[INDEX['new_address_vs_usual']]:.1f}x this customer's usual, "
            "to an address this account has never used"
        ),
        repeat_only=True,
    ),
    Rule(
        "bulk_quantity",
        "max_quantity",
        "high",
        default_threshold=5.0,
        points=10,
        explain=lambda r, _share: f"{round(r[INDEX['max_quantity']])} of one product",
    ),
)
RULES_BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES}
# Signs that go together in honest orders (a gift ships to someone else's address, often
# abroad, paid with the giver's card): measured together, see ``evidence.JointTail``.
ADDRESS_GROUP: tuple[str, ...] = ("new_address", "new_country", "billing_mismatch")
# Two readings of one sign, an unusual amount: only the stronger counts.
AMOUNT_SIGNS: tuple[str, ...] = ("amount_vs_usual", "large_amount")


def default_thresholds() -> dict[str, float]:
    return {rule.name: rule.default_threshold for rule in RULES}


def fired_matrix(
    features: npt.NDArray[np.float64], thresholds: dict[str, float]
) -> npt.NDArray[np.bool_]:
    """(orders x rules): which rule fires on which order."""
    out = np.zeros((features.shape[0], len(RULES)), dtype=bool)
    for j, rule in enumerate(RULES):
        column = features[:, INDEX[rule.feature]]
        t = thresholds[rule.name]
        out[:, j] = column <= t if rule.direction == "low" else column >= t
    return out
