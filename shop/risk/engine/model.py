"""The risk model: learned rules plus an isolation forest, a score in 0-100 and reasons."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from .calibration import rule_weight_multipliers, separating_threshold, shrink
from .features import FEATURES
from .forest import Forest, train_forest
from .rules import RULES, default_thresholds, fired_matrix, learn_thresholds

DEFAULT_HOLD_THRESHOLD = 60.0
# The share of orders the threshold is set to hold when a model is trained.
DEFAULT_HOLD_SHARE = 0.02
# Up to this many points for an order the forest finds more unusual than most of history:
# alone it never holds an order, it tips one that rules already question.
ANOMALY_POINTS = 25.0
ANOMALY_FROM_RANK = 0.9
ANOMALY_REASON_POINTS = 5.0
# Below this many orders a forest and quantiles would learn noise: rules with defaults.
MIN_TRAINING_ORDERS = 30
REFERENCE_QUANTILES = np.linspace(0.0, 1.0, 101)

UNDECIDED, APPROVED, REJECTED = 0, 1, 2


class Level:
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


@dataclass(frozen=True)
class Assessment:
    score: int
    level: str
    reasons: list[str]
    fired: list[str]
    # How unusual the forest finds the order, as a share of the training orders it beats.
    anomaly_rank: float | None


@dataclass(frozen=True)
class RiskModel:
    thresholds: dict[str, float]
    points: dict[str, float]
    hold_threshold: float = DEFAULT_HOLD_THRESHOLD
    forest: Forest | None = None
    anomaly_reference: list[float] = field(default_factory=list)
    n_orders: int = 0
    n_decisions: int = 0

    @property
    def medium_threshold(self) -> float:
        return self.hold_threshold / 2.0

    def anomaly_ranks(self, features: npt.NDArray[np.float64]) -> npt.NDArray[np.float64] | None:
        if self.forest is None or not self.anomaly_reference:
            return None
        scores = self.forest.anomaly_scores(features)
        ranks: npt.NDArray[np.float64] = np.interp(
            scores, np.asarray(self.anomaly_reference), REFERENCE_QUANTILES, left=0.0, right=1.0
        )
        return ranks

    def raw_scores(
        self, features: npt.NDArray[np.float64]
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_], npt.NDArray[np.float64] | None]:
        """(score per order, rules fired per order, anomaly rank per order or None)."""
        fired = fired_matrix(features, self.thresholds)
        weights = np.array([self.points[rule.name] for rule in RULES])
        points = fired.astype(np.float64) @ weights
        ranks = self.anomaly_ranks(features)
        if ranks is not None:
            points += ANOMALY_POINTS * _anomaly_share(ranks)
        return np.clip(points, 0.0, 100.0), fired, ranks

    def level_for(self, score: float) -> str:
        if score >= self.hold_threshold:
            return Level.HIGH
        if score >= self.medium_threshold:
            return Level.MEDIUM
        return Level.LOW

    def assess(self, features: npt.NDArray[np.float64]) -> list[Assessment]:
        scores, fired, ranks = self.raw_scores(features)
        out = []
        for i, row in enumerate(features):
            named = sorted(
                (rule for j, rule in enumerate(RULES) if fired[i, j]),
                key=lambda rule: -self.points[rule.name],
            )
            reasons = [rule.explain(row) for rule in named]
            rank = None if ranks is None else float(ranks[i])
            if rank is not None and ANOMALY_POINTS * _anomaly_share(rank) >= ANOMALY_REASON_POINTS:
                reasons.append(_anomaly_reason(rank))
            score = round(float(scores[i]))
            out.append(
                Assessment(
                    score=score,
                    level=self.level_for(score),
                    reasons=reasons,
                    fired=[rule.name for rule in named],
                    anomaly_rank=rank,
                )
            )
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "features": list(FEATURES),
            "thresholds": self.thresholds,
            "points": self.points,
            "hold_threshold": self.hold_threshold,
            "anomaly_reference": self.anomaly_reference,
            "n_orders": self.n_orders,
            "n_decisions": self.n_decisions,
        }

    @classmethod
    def from_json(cls, params: dict[str, Any], forest: dict[str, Any] | None) -> RiskModel:
        if list(params.get("features", [])) != list(FEATURES):
            raise ValueError("the stored risk model was trained on other features")
        defaults = default_model()
        return cls(
            thresholds={**defaults.thresholds, **params["thresholds"]},
            points={**defaults.points, **params["points"]},
            hold_threshold=float(params["hold_threshold"]),
            forest=Forest.from_json(forest) if forest else None,
            anomaly_reference=[float(v) for v in params.get("anomaly_reference", [])],
            n_orders=int(params.get("n_orders", 0)),
            n_decisions=int(params.get("n_decisions", 0)),
        )


def _anomaly_reason(rank: float) -> str:
    if rank >= 0.995:
        return "unusual combination for this shop: more unusual than any past order"
    return f"unusual combination for this shop: more unusual than {rank:.0%} of past orders"


def _anomaly_share(rank: Any) -> Any:
    return np.clip((rank - ANOMALY_FROM_RANK) / (1.0 - ANOMALY_FROM_RANK), 0.0, 1.0)


def default_model() -> RiskModel:
    """Rules with default thresholds: what scores orders before any training."""
    return RiskModel(
        thresholds=default_thresholds(), points={rule.name: rule.points for rule in RULES}
    )


def train(
    features: npt.NDArray[np.float64], labels: npt.NDArray[np.int8], *, seed: int
) -> RiskModel:
    """Learn from the shop's orders (``features``) and staff decisions (``labels``).

    Orders staff rejected are left out of "normal": thresholds and the forest learn from the
    rest. Decisions then reweigh the rules and move the hold threshold.
    """
    labels = np.asarray(labels, dtype=np.int8)
    normal = features[labels != REJECTED]
    model = default_model()
    thresholds, forest, reference = model.thresholds, None, []
    if normal.shape[0] >= MIN_TRAINING_ORDERS:
        thresholds = learn_thresholds(normal)
        forest = train_forest(normal, seed=seed)
        training_scores = forest.anomaly_scores(normal)
        reference = np.maximum.accumulate(
            np.quantile(training_scores, REFERENCE_QUANTILES)
        ).tolist()

    points = dict(model.points)
    hold = DEFAULT_HOLD_THRESHOLD
    decided = labels != UNDECIDED
    n_decisions = int(decided.sum())
    if n_decisions:
        rejected = labels[decided] == REJECTED
        decided_features = features[decided]
        multipliers = rule_weight_multipliers(fired_matrix(decided_features, thresholds), rejected)
        points = {
            rule.name: rule.points * float(m) for rule, m in zip(RULES, multipliers, strict=True)
        }
        reweighed = RiskModel(thresholds, points, hold, forest, reference)
        scores, _fired, _ranks = reweighed.raw_scores(decided_features)
        hold = shrink(hold, separating_threshold(np.round(scores), rejected, hold), n_decisions)
    return RiskModel(
        thresholds=thresholds,
        points=points,
        hold_threshold=round(hold, 1),
        forest=forest,
        anomaly_reference=reference,
        n_orders=int(features.shape[0]),
        n_decisions=n_decisions,
    )
