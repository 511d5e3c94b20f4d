"""All tunable parameters of the shipped models in one value, readable from JSON.

The offline CLI takes them as ``--config FILE.json`` so that the quality benchmarks can tune
on a validation split and then run the real CLI with what they chose. Missing keys keep their
defaults; unknown keys are an error, so a typo never silently falls back to a default.

    {"similarity": {"l2": 4.0, "user_norm": 0.5},
     "sequence": {"weight": 0.8, "window": 10, "directed": false},
     "recency_half_life": 10,
     "complements": {"k": 50, "prior_weight": 0.02}}
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from recommendations.engine.complements import ComplementsConfig
from recommendations.engine.recommender import Recommender
from recommendations.engine.sequence import SequenceConfig
from recommendations.engine.similarity import SimilarityConfig

_SECTIONS = {
    "similarity": SimilarityConfig,
    "sequence": SequenceConfig,
    "complements": ComplementsConfig,
}


@dataclass(frozen=True)
class ModelParams:
    """Personal model (similarity, sequence, recency) and complements model parameters."""

    similarity: SimilarityConfig = field(default_factory=SimilarityConfig)
    sequence: SequenceConfig = field(default_factory=SequenceConfig)
    recency_half_life: float | None = None
    complements: ComplementsConfig = field(default_factory=ComplementsConfig)

    def recommender(self) -> Recommender:
        return Recommender(self.similarity, self.sequence, self.recency_half_life)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ModelParams:
        """Parameters from a (JSON) mapping; raises ValueError naming any bad key or value."""
        if not isinstance(data, Mapping):
            raise ValueError("parameters must be a JSON object")
        unknown = set(data) - {*_SECTIONS, "recency_half_life"}
        if unknown:
            raise ValueError(f"unknown parameter section(s): {', '.join(sorted(unknown))}")
        sections: dict[str, Any] = {}
        for name, kind in _SECTIONS.items():
            sections[name] = _section(name, kind, data.get(name, {}))
        half_life = data.get("recency_half_life")
        if half_life is not None and (not _is_number(half_life) or half_life <= 0):
            raise ValueError("recency_half_life must be a positive number or null")
        return cls(recency_half_life=half_life, **sections)


def _section(name: str, kind: type, values: Any) -> Any:
    if not isinstance(values, Mapping):
        raise ValueError(f"{name}: must be an object")
    defaults = kind()
    known = {f.name: f for f in dataclasses.fields(kind)}
    unknown = set(values) - set(known)
    if unknown:
        raise ValueError(f"{name}: unknown parameter(s): {', '.join(sorted(unknown))}")
    for key, value in values.items():
        expected = type(getattr(defaults, key))
        ok = isinstance(value, expected) if expected is not float else _is_number(value)
        if expected is int and isinstance(value, bool):
            ok = False
        if not ok:
            raise ValueError(f"{name}.{key}: expected {expected.__name__}, got {value!r}")
    return dataclasses.replace(defaults, **values)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
