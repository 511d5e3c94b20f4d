"""The same tuning for every MovieLens model: a grid on the validation split, best NDCG@10 wins.

Each family lists its grid and scores a parameter set on a split; ``tune`` walks the grid on
the validation split (carved from the training rows) and keeps the best; the test split is
then scored once with the winner. Expensive parts (an EASE inverse, a cosine fit) are cached
per family so that scoring-only parameters (the history's recency) cost one product.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from recommendations.engine.evaluation import ranking_metrics
from recommendations.engine.params import ModelParams
from recommendations.engine.popularity import item_popularity
from recommendations.engine.recommender import Recommender
from recommendations.engine.sequence import SequenceConfig, blend_sequence, sequence_neighbours
from recommendations.engine.similarity import SimilarityConfig, item_neighbours

from . import baselines as bl
from .data import Split

K = 10
HALF_LIVES: list[float | None] = [None, 5.0, 10.0, 20.0, 40.0]


def ndcg(split: Split, items: np.ndarray) -> float:
    return ranking_metrics(items, split.test, split.n_catalogue, K).ndcg


@dataclass
class Family:
    """A model family: its grid and how one parameter set turns a split into top-k lists."""

    name: str
    space: Callable[[], Iterable[dict[str, Any]]]
    run: Callable[[Split, dict[str, Any]], np.ndarray]
    cache: dict[Any, Any] = field(default_factory=dict)

    def cached(self, key: Any, make: Callable[[], Any], keep: int = 1) -> Any:
        """``make()`` once per key, the ``keep`` latest kept (an EASE matrix is 0.4 GB; the
        grids vary the scoring-only parameters fastest, so one is enough there)."""
        if key not in self.cache:
            while len(self.cache) >= keep:
                self.cache.pop(next(iter(self.cache)))
            self.cache[key] = make()
        return self.cache[key]


@dataclass(frozen=True)
class Tuned:
    family: str
    params: dict[str, Any]
    validation_ndcg: float
    tried: int
    seconds: float


def tune(family: Family, validation: Split, log: Callable[[str], None]) -> Tuned:
    start = time.perf_counter()
    best: tuple[float, dict[str, Any]] = (-1.0, {})
    tried = 0
    for params in family.space():
        score = ndcg(validation, family.run(validation, params))
        tried += 1
        if score > best[0]:
            best = (score, params)
            log(f"  {family.name}: {score:.4f} {params}")
    family.cache.clear()  # the test split is fitted afresh
    return Tuned(family.name, best[1], best[0], tried, time.perf_counter() - start)


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- families


def _popularity(split: Split, params: dict[str, Any]) -> np.ndarray:
    return bl.popularity(split, K)


def _ease(family: Family) -> Callable[[Split, dict[str, Any]], np.ndarray]:
    def run(split: Split, p: dict[str, Any]) -> np.ndarray:
        key = (id(split), p["sessions"], p["l2"])
        weights = family.cached(
            key, lambda: bl.ease_weights(bl.design(split, "log1p", p["sessions"]), p["l2"])
        )
        return bl.score_items(weights, bl.history(split, "log1p", p["half_life"]), K)

    return run


def _cosine(family: Family) -> Callable[[Split, dict[str, Any]], np.ndarray]:
    def run(split: Split, p: dict[str, Any]) -> np.ndarray:
        key = (id(split), p["values"], p["sessions"], p["neighbours"])
        model = family.cached(
            key,
            lambda: bl.cosine_model(bl.design(split, p["values"], p["sessions"]), p["neighbours"]),
        )
        hist = bl.history(split, p["values"], p["half_life"])
        return bl.implicit_recommend(model, hist, np.arange(hist.shape[0]), K)

    return run


def _als(split: Split, p: dict[str, Any]) -> np.ndarray:
    x = bl.design(split, p["values"], False)
    model = bl.als_model(x, p["factors"], p["regularization"], p["alpha"])
    return bl.implicit_recommend(model, x[split.users], split.users, K)


def _rp3beta(family: Family) -> Callable[[Split, dict[str, Any]], np.ndarray]:
    def run(split: Split, p: dict[str, Any]) -> np.ndarray:
        walk = family.cached(
            ("walk", id(split), p["sessions"], p["alpha"]),
            lambda: bl.rp3_walk(bl.design(split, "binary", p["sessions"]), p["alpha"]),
        )
        weights = family.cached(
            ("weights", id(split), p["sessions"], p["alpha"], p["beta"], p["top"]),
            lambda: bl.rp3beta_weights(walk, p["beta"], p["top"]),
            keep=2,  # the walk stays cached beside its weights
        )
        return bl.score_items(weights, bl.history(split, "binary", p["half_life"]), K)

    return run


def shipped_params(p: dict[str, Any]) -> ModelParams:
    """The engine's parameters of one grid point of the shipped model."""
    similarity = SimilarityConfig(
        l2=p.get("l2", 4.0),
        session_weight=p.get("session_weight", 1.0),
        k=p.get("k", 50),
        user_norm=p["user_norm"],
    )
    sequence = SequenceConfig(weight=p["sequence"], window=p["window"], directed=p["directed"])
    return ModelParams(similarity=similarity, sequence=sequence, recency_half_life=p["half_life"])


def _shipped(family: Family) -> Callable[[Split, dict[str, Any]], np.ndarray]:
    def run(split: Split, p: dict[str, Any]) -> np.ndarray:
        params = shipped_params(p)
        t = split.train

        def fit() -> Recommender:
            lists = family.cached(
                ("ridge", id(split), params.similarity),
                lambda: item_neighbours(t.matrix, t.sessions, params.similarity),
                keep=4,
            )
            seq = params.sequence
            if seq.weight > 0 and t.events is not None:
                events = t.events
                following = family.cached(
                    ("sequence", id(split), seq.window, seq.directed),
                    lambda: sequence_neighbours(events, t.n_items, seq),
                    keep=4,
                )
                lists = blend_sequence(lists, following, seq.weight)
            return Recommender.from_neighbours(lists, item_popularity(t.matrix))

        model = family.cached(("model", id(split), params.similarity, params.sequence), fit, 9)
        hist = bl.history(split, "log1p", p["half_life"])
        return model.recommend_histories(hist, K, explain=False).items

    return run


def _shipped_space() -> Iterable[dict[str, Any]]:
    """Stage 1: normalisation x sequence x recency (``tune_shipped`` adds stage 2)."""
    for p in bl.grid(
        user_norm=[0.0, 0.5],
        sequence=[0.0, 0.25, 0.5, 1.0, 2.0],
        window=[10, 30],
        directed=[False, True],
        half_life=HALF_LIVES,
    ):
        if p["sequence"] > 0 or (p["window"] == 10 and not p["directed"]):
            yield p


def families() -> dict[str, Family]:
    out: dict[str, Family] = {}
    out["popularity"] = Family("popularity", lambda: [{}], _popularity)
    ease = Family("ease", lambda: bl.grid(
        sessions=[False, True], l2=[250.0, 500.0, 1000.0, 2000.0, 4000.0], half_life=HALF_LIVES
    ), lambda s, p: np.zeros(0))  # fmt: skip
    ease.run = _ease(ease)
    out["ease"] = ease
    cosine = Family("implicit-cosine", lambda: bl.grid(
        values=["binary", "log1p"], sessions=[False, True],
        neighbours=[10, 20, 50, 100, 200, 400], half_life=HALF_LIVES,
    ), lambda s, p: np.zeros(0))  # fmt: skip
    cosine.run = _cosine(cosine)
    out["implicit-cosine"] = cosine
    out["implicit-als"] = Family("implicit-als", lambda: bl.grid(
        values=["binary", "log1p"], factors=[32, 64, 128], regularization=[0.01, 0.1, 1.0],
        alpha=[1.0, 10.0],
    ), _als)  # fmt: skip
    rp3 = Family("rp3beta", lambda: bl.grid(
        sessions=[False, True], alpha=[0.5, 1.0], beta=[0.2, 0.4, 0.6], top=[100, 200],
        half_life=HALF_LIVES,
    ), lambda s, p: np.zeros(0))  # fmt: skip
    rp3.run = _rp3beta(rp3)
    out["rp3beta"] = rp3
    shipped = Family("shipped", _shipped_space, lambda s, p: np.zeros(0))
    shipped.run = _shipped(shipped)
    out["shipped"] = shipped
    return out


def tune_shipped(family: Family, validation: Split, log: Callable[[str], None]) -> Tuned:
    """Stage 1 grid, then the regression's l2, session weight and k one at a time."""
    first = tune(family, validation, log)
    best, score, tried = dict(first.params), first.validation_ndcg, first.tried
    start = time.perf_counter()
    for name, values in (("l2", [2.0, 8.0]), ("session_weight", [0.5, 2.0]), ("k", [30, 80])):
        for value in values:
            candidate = {**best, name: value}
            got = ndcg(validation, family.run(validation, candidate))
            tried += 1
            if got > score:
                best, score = candidate, got
                log(f"  shipped: {score:.4f} {best}")
    family.cache.clear()
    return Tuned("shipped", best, score, tried, first.seconds + time.perf_counter() - start)
