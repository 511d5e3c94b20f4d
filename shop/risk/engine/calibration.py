"""Where to hold orders, and learning from staff decisions which signs matter in this shop.

Labels: 1 = staff rejected the order (fraud), 0 = staff approved it (legitimate). Staff only
decide the orders that were held, so decisions can refine the top of the ranking but say
nothing about the orders below it; every estimate here therefore shrinks towards what the
shop's unlabelled history says, so one decision nudges and many decide.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy.optimize import minimize
from scipy.special import expit

# Decisions worth as much as the default, in the shrinkage towards it.
PRIOR_DECISIONS = 10.0
WEIGHT_BOUNDS = (0.25, 2.0)
HOLD_BOUNDS = (30.0, 95.0)
# Staff should find fraud in at least half the orders held for them.
TARGET_PRECISION = 0.5


def share_threshold(
    scores: npt.NDArray[np.float64], share: float, *, at_least: bool = False
) -> float:
    """The lowest whole score that holds at most ``share`` of these orders (with
    ``at_least``: the highest that holds at least ``share``).

    Scores are rounded as the shop shows them; ties at the boundary are all held or none.
    """
    rounded = np.round(np.asarray(scores, dtype=np.float64))
    if rounded.size == 0:
        return HOLD_BOUNDS[1]
    candidates = np.unique(rounded)
    if at_least:
        for candidate in candidates[::-1]:
            if float((rounded >= candidate).mean()) >= share:
                return float(candidate)
        return float(candidates[0])
    for candidate in candidates:
        if float((rounded >= candidate).mean()) <= share:
            return float(candidate)
    return float(rounded.max() + 1.0)


def staff_weights(
    evidence: npt.NDArray[np.float64],
    rejected: npt.NDArray[np.bool_],
    *,
    intercept: float,
    prior: float = PRIOR_DECISIONS,
) -> npt.NDArray[np.float64]:
    """Per sign, how much its evidence counts (1 = as the shop's history says).

    A logistic regression of rejected against approved on the decided orders' evidence (nats
    per sign), each weight penalised towards 1 and the intercept towards ``intercept`` (the
    hold threshold in nats: there, half the held orders are expected to be fraud) with the
    strength of ``prior`` decisions. A sign that fired only on orders staff approved loses
    weight, one that fired on rejected orders gains; a sign that never fired on a decided
    order keeps weight 1 exactly.
    """
    k = evidence.shape[1]
    y = np.asarray(rejected, dtype=np.float64)
    centre = np.concatenate(([intercept], np.ones(k)))

    def loss(theta: npt.NDArray[np.float64]) -> tuple[float, npt.NDArray[np.float64]]:
        z = theta[0] + evidence @ theta[1:]
        # log(1 + e^z) - y z, stably
        nll = float(np.sum(np.logaddexp(0.0, z) - y * z))
        residual = expit(z) - y
        gradient = np.concatenate(([residual.sum()], evidence.T @ residual))
        offset = theta - centre
        return nll + 0.5 * prior * float(offset @ offset), gradient + prior * offset

    result = minimize(loss, centre, jac=True, method="L-BFGS-B")
    weights = np.asarray(result.x[1:], dtype=np.float64)
    return np.clip(weights, *WEIGHT_BOUNDS)


def precision_threshold(
    scores: npt.NDArray[np.float64],
    rejected: npt.NDArray[np.bool_],
    current: float,
    target: float = TARGET_PRECISION,
) -> float:
    """The lowest score at which the decided orders scoring at least that much were fraud at
    least ``target`` of the time: hold as much as possible while staff mostly find fraud.

    If staff found that much fraud all the way down to the lowest order they decided, the
    decisions say nothing about where to stop: the lowest threshold allowed (the caller's band
    of held shares limits it, and few decisions move it little). If they never did, it is past
    every decided order. So approvals alone can only raise it, rejections alone only lower it.
    """
    low, high = HOLD_BOUNDS
    order = np.argsort(-scores, kind="stable")
    ranked, hits = scores[order], np.cumsum(rejected[order])
    precision = hits / np.arange(1, scores.size + 1)
    # Only where the next order down scores lower can a threshold fall.
    boundary = np.append(ranked[1:] < ranked[:-1], True)
    good = np.flatnonzero((precision >= target) & boundary)
    if not good.size:
        return float(np.clip(max(current, scores.max() + 1.0), low, high))
    if good[-1] == scores.size - 1:
        return low
    return float(np.clip(ranked[good[-1]], low, high))


def shrink(default: float, learned: float, n_decisions: int) -> float:
    weight = n_decisions / (n_decisions + PRIOR_DECISIONS)
    return default + (learned - default) * weight
