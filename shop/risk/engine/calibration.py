"""Learning from staff decisions: which rules raise false alarms, and where to hold orders.

Labels: 1 = staff rejected the order (fraud), 0 = staff approved it (legitimate).
Both estimates shrink towards the defaults while decisions are few, so one decision nudges and
many decide.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

# Decisions worth as much as the default, in the shrinkage towards it.
PRIOR_DECISIONS = 10.0
WEIGHT_BOUNDS = (0.25, 2.0)
HOLD_BOUNDS = (30.0, 95.0)


def rule_weight_multipliers(
    fired: npt.NDArray[np.bool_], rejected: npt.NDArray[np.bool_]
) -> npt.NDArray[np.float64]:
    """Per rule: 2x its Laplace-smoothed precision on decided orders, 1 when it never fired.

    A rule that fired only on orders staff approved loses weight; one that fired only on
    rejected orders gains up to double.
    """
    hits = (fired & rejected[:, None]).sum(axis=0).astype(np.float64)
    total = fired.sum(axis=0).astype(np.float64)
    multipliers = 2.0 * (hits + 1.0) / (total + 2.0)
    return np.clip(multipliers, *WEIGHT_BOUNDS)


def separating_threshold(
    scores: npt.NDArray[np.float64], rejected: npt.NDArray[np.bool_], current: float
) -> float:
    """The score that best separates rejected (at or above) from approved (below) orders.

    Maximises balanced accuracy; among equally good thresholds takes the middle one. With only
    one kind of decision it can only move one way: up past every approved order, or down to
    the lowest rejected one, never the other way.
    """
    low, high = HOLD_BOUNDS
    if not rejected.any():
        return float(np.clip(max(current, scores.max() + 1.0), low, high))
    if rejected.all():
        return float(np.clip(min(current, scores.min()), low, high))
    values = np.unique(scores)
    candidates = np.concatenate(([values[0]], (values[:-1] + values[1:]) / 2.0, [values[-1] + 1]))
    n_rejected, n_approved = rejected.sum(), (~rejected).sum()
    best = []
    best_value = -1.0
    for t in candidates:
        held = scores >= t
        value = (held & rejected).sum() / n_rejected + (~held & ~rejected).sum() / n_approved
        if value > best_value + 1e-12:
            best, best_value = [t], value
        elif abs(value - best_value) <= 1e-12:
            best.append(t)
    return float(np.clip(best[len(best) // 2], low, high))


def shrink(default: float, learned: float, n_decisions: int) -> float:
    weight = n_decisions / (n_decisions + PRIOR_DECISIONS)
    return default + (learned - default) * weight


def share_threshold(scores: npt.NDArray[np.float64], share: float) -> float:
    """The lowest whole score that holds at most ``share`` of these orders.

    Scores are rounded as the shop shows them; ties at the boundary are all held or none, so
    the share held can be below ``share`` but never above it.
    """
    rounded = np.round(np.asarray(scores, dtype=np.float64))
    if rounded.size == 0:
        return HOLD_BOUNDS[1]
    for candidate in np.unique(rounded):
        if float((rounded >= candidate).mean()) <= share:
            return float(candidate)
    return float(rounded.max() + 1.0)
