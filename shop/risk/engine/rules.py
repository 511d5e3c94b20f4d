"""Transparent rules: each names a feature, a threshold learned from history and its points."""

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
    name: str
    feature: str
    # "low": fires at or below the threshold; "high": at or above it.
    direction: str
    default_threshold: float
    points: float
    # Learning: the history quantile the threshold is set to, clipped to sane bounds, so that
    # a shop's own normal (big baskets, frequent buyers) does not raise alarms.
    quantile: float
    bounds: tuple[float, float]
    explain: Callable[[npt.NDArray[np.float64]], str]

    def fires(self, row: npt.NDArray[np.float64], threshold: float) -> bool:
        value = float(row[INDEX[self.feature]])
        return value <= threshold if self.direction == "low" else value >= threshold

    def learn(self, column: npt.NDArray[np.float64]) -> float:
        if column.size == 0:
            return self.default_threshold
        low, high = self.bounds
        return float(np.clip(np.quantile(column, self.quantile), low, high))


def _new_account(row: npt.NDArray[np.float64]) -> str:
    age = _duration(float(row[INDEX["account_age_hours"]]))
    if row[INDEX["previous_orders"]] == 0:
        return f"first order from an account created {age} ago"
    return f"account created only {age} ago"


RULES: tuple[Rule, ...] = (
    Rule(
        "new_account",
        "account_age_hours",
        "low",
        default_threshold=24.0,
        points=25,
        quantile=0.01,
        bounds=(1.0, 72.0),
        explain=_new_account,
    ),
    Rule(
        "amount_vs_usual",
        "amount_vs_usual",
        "high",
        default_threshold=3.0,
        points=20,
        quantile=0.99,
        bounds=(2.0, 10.0),
        explain=lambda r: f"amount {r[INDEX['amount_vs_usual']]:.1f}x this customer's usual",
    ),
    Rule(
        "large_amount",
        "amount",
        "high",
        # Without history there is no "large" yet: the rule waits for a trained model.
        default_threshold=DISABLED,
        points=15,
        quantile=0.99,
        bounds=(50.0, 1e9),
        explain=lambda r: f"amount {r[INDEX['amount']]:.2f} is above 99% of the shop's orders",
    ),
    Rule(
        "failed_payments",
        "failed_payments_24h",
        "high",
        default_threshold=2.0,
        points=25,
        quantile=0.999,
        bounds=(2.0, 10.0),
        explain=lambda r: _plural(
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
        quantile=1.0,
        bounds=(1.0, 1.0),
        explain=lambda r: "ships to an address this account has never used",
    ),
    Rule(
        "new_country",
        "new_country",
        "high",
        default_threshold=1.0,
        points=15,
        quantile=1.0,
        bounds=(1.0, 1.0),
        explain=lambda r: "ships to a country this account has never used",
    ),
    Rule(
        "order_velocity",
        "orders_24h",
        "high",
        default_threshold=3.0,
        points=20,
        quantile=0.999,
        bounds=(2.0, 20.0),
        explain=lambda r: _plural(
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
        quantile=0.999,
        bounds=(1.0, 20.0),
        explain=lambda r: _plural(
            r[INDEX["address_orders_24h"]],
            "order from another account to the same address in 24 h",
            "orders from other accounts to the same address in 24 h",
        ),
    ),
    Rule(
        "bulk_quantity",
        "max_quantity",
        "high",
        default_threshold=5.0,
        points=10,
        quantile=0.99,
        bounds=(3.0, 100.0),
        explain=lambda r: f"{round(r[INDEX['max_quantity']])} of one product",
    ),
)
RULES_BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES}


def default_thresholds() -> dict[str, float]:
    return {rule.name: rule.default_threshold for rule in RULES}


def learn_thresholds(history: npt.NDArray[np.float64]) -> dict[str, float]:
    """Thresholds at the given quantile of the shop's own history (defaults without any)."""
    learned = {}
    for rule in RULES:
        column = history[:, INDEX[rule.feature]] if history.size else np.empty(0)
        if rule.name == "amount_vs_usual":
            # Only repeat orders have a "usual" to compare with.
            column = column[history[:, INDEX["previous_orders"]] > 0] if history.size else column
        learned[rule.name] = rule.learn(column)
    return learned


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
