"""A seeded isolation forest, exported to plain arrays and scored with numpy.

The trained forest is stored as JSON (node arrays per tree), never pickled: loading it runs no
code, survives scikit-learn upgrades, and scoring it is a few vectorised array walks. The
scores equal scikit-learn's ``score_samples`` (negated), which a test checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.ensemble import IsolationForest

from .features import COMBINED, FEATURES, INDEX

N_TREES = 64
MAX_SAMPLES = 256
# Heavy-tailed columns are compared on a log scale, so "10x the usual" and "100x" differ as
# much as "1x" and "10x".
_LOG_COLUMNS = tuple(
    INDEX[name]
    for name in (
        "account_age_hours",
        "previous_orders",
        "amount",
        "failed_payments_24h",
        "orders_24h",
        "address_orders_24h",
        "max_quantity",
        "young_account_orders",
    )
)
# The columns that combine two others (``features.COMBINED``) tell the forest nothing the
# two do not, and mostly 0 they would only dilute its random splits: left out.
_FOREST_COLUMNS = [i for i, name in enumerate(FEATURES) if name not in COMBINED]


def forest_inputs(features: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    x = np.array(features, dtype=np.float64, copy=True)
    x[:, _LOG_COLUMNS] = np.log1p(np.maximum(x[:, _LOG_COLUMNS], 0.0))
    ratio = INDEX["amount_vs_usual"]
    x[:, ratio] = np.log(np.maximum(x[:, ratio], 1e-3))
    return x[:, _FOREST_COLUMNS]


def average_path_length(n: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Expected path length of an unsuccessful search in a binary tree of ``n`` points."""
    n = np.asarray(n, dtype=np.float64)
    out = np.zeros_like(n)
    two = n == 2
    many = n > 2
    out[two] = 1.0
    out[many] = 2.0 * (np.log(n[many] - 1.0) + np.euler_gamma) - 2.0 * (n[many] - 1.0) / n[many]
    return out


@dataclass(frozen=True)
class Tree:
    left: npt.NDArray[np.int64]
    right: npt.NDArray[np.int64]
    feature: npt.NDArray[np.int64]
    threshold: npt.NDArray[np.float64]
    n_samples: npt.NDArray[np.float64]


@dataclass(frozen=True)
class Forest:
    trees: tuple[Tree, ...]
    max_samples: int

    def anomaly_scores(self, features: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """In (0, 1]: above 0.5 is unusual, near 1 very; from the raw feature matrix."""
        # scikit-learn's trees compare float32 inputs against float64 thresholds.
        x = forest_inputs(features).astype(np.float32).astype(np.float64)
        rows = np.arange(x.shape[0])
        depths = np.zeros(x.shape[0], dtype=np.float64)
        for tree in self.trees:
            node = np.zeros(x.shape[0], dtype=np.int64)
            depth = np.zeros(x.shape[0], dtype=np.float64)
            while True:
                inner = tree.left[node] != -1
                if not inner.any():
                    break
                go_left = x[rows, np.maximum(tree.feature[node], 0)] <= tree.threshold[node]
                step = np.where(go_left, tree.left[node], tree.right[node])
                node = np.where(inner, step, node)
                depth += inner
            depths += depth + average_path_length(tree.n_samples[node])
        scale = len(self.trees) * float(average_path_length(np.array([self.max_samples]))[0])
        scores: npt.NDArray[np.float64] = 2.0 ** (-depths / scale)
        return scores

    def to_json(self) -> dict[str, Any]:
        return {
            "max_samples": self.max_samples,
            "trees": [
                {
                    "left": t.left.tolist(),
                    "right": t.right.tolist(),
                    "feature": t.feature.tolist(),
                    "threshold": t.threshold.tolist(),
                    "n_samples": t.n_samples.astype(np.int64).tolist(),
                }
                for t in self.trees
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Forest:
        trees = tuple(
            Tree(
                left=np.asarray(t["left"], dtype=np.int64),
                right=np.asarray(t["right"], dtype=np.int64),
                feature=np.asarray(t["feature"], dtype=np.int64),
                threshold=np.asarray(t["threshold"], dtype=np.float64),
                n_samples=np.asarray(t["n_samples"], dtype=np.float64),
            )
            for t in data["trees"]
        )
        return cls(trees=trees, max_samples=int(data["max_samples"]))


def fit_isolation_forest(features: npt.NDArray[np.float64], *, seed: int) -> IsolationForest:
    forest = IsolationForest(
        n_estimators=N_TREES,
        max_samples=min(MAX_SAMPLES, features.shape[0]),
        random_state=seed,
    )
    forest.fit(forest_inputs(features))
    return forest


def export_forest(model: IsolationForest) -> Forest:
    trees = tuple(
        Tree(
            left=np.asarray(e.tree_.children_left, dtype=np.int64),
            right=np.asarray(e.tree_.children_right, dtype=np.int64),
            feature=np.asarray(e.tree_.feature, dtype=np.int64),
            threshold=np.asarray(e.tree_.threshold, dtype=np.float64),
            n_samples=np.asarray(e.tree_.n_node_samples, dtype=np.float64),
        )
        for e in model.estimators_
    )
    return Forest(trees=trees, max_samples=int(model.max_samples_))


def train_forest(features: npt.NDArray[np.float64], *, seed: int) -> Forest:
    return export_forest(fit_isolation_forest(features, seed=seed))
