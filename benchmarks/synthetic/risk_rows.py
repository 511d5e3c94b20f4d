"""Synthetic orders for tests and benchmarks: a believable normal and planted fraud."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from shop.risk.engine.features import FEATURES, INDEX, combine_signs


def normal_orders(n: int, *, seed: int) -> npt.NDArray[np.float64]:
    rng = np.random.default_rng(seed)
    x = np.zeros((n, len(FEATURES)))
    x[:, INDEX["account_age_hours"]] = rng.uniform(7, 900, n) * 24
    x[:, INDEX["previous_orders"]] = rng.poisson(4, n)
    x[:, INDEX["amount"]] = np.round(rng.lognormal(np.log(60), 0.5, n), 2)
    repeat = x[:, INDEX["previous_orders"]] > 0
    x[:, INDEX["amount_vs_usual"]] = np.where(repeat, rng.lognormal(0, 0.3, n), 1.0)
    x[:, INDEX["failed_payments_24h"]] = rng.random(n) < 0.02
    x[:, INDEX["new_address"]] = repeat & (rng.random(n) < 0.05)
    x[:, INDEX["orders_24h"]] = rng.random(n) < 0.03
    x[:, INDEX["max_quantity"]] = 1 + (rng.random(n) < 0.2)
    return combine_signs(x)


def fraud_orders(n: int, *, seed: int) -> npt.NDArray[np.float64]:
    """Brand-new accounts, big baskets, declined cards, somewhere new, in a hurry."""
    rng = np.random.default_rng(seed)
    x = np.zeros((n, len(FEATURES)))
    x[:, INDEX["account_age_hours"]] = rng.uniform(0.05, 3, n)
    x[:, INDEX["amount"]] = np.round(rng.uniform(900, 2500, n), 2)
    x[:, INDEX["amount_vs_usual"]] = 1.0
    x[:, INDEX["failed_payments_24h"]] = rng.integers(2, 6, n)
    x[:, INDEX["new_address"]] = 1.0
    x[:, INDEX["new_country"]] = 1.0
    x[:, INDEX["address_orders_24h"]] = rng.integers(1, 4, n)
    x[:, INDEX["max_quantity"]] = rng.integers(4, 10, n)
    return combine_signs(x)
