"""The intents' written definitions and boundaries (``data/intents.yaml``), loaded and checked.

The definitions are the reference for labelling training and evaluation lines, and the
evaluation prints them with the confusion between each pair of neighbours, so a figure can be
read against what the boundary is meant to be.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .data import DATA_DIR, DataValidationError
from .schema import INTENTS

DEFINITIONS_PATH = DATA_DIR / "intents.yaml"


@dataclass(frozen=True, slots=True)
class IntentDefinition:
    """What belongs to one intent, and where it ends towards each neighbour."""

    name: str
    definition: str
    belongs: tuple[str, ...]
    boundaries: dict[str, str]  # neighbour -> which side of the line a message falls on
    neighbours: tuple[str, ...]


def load_definitions(path: str | Path = DEFINITIONS_PATH) -> dict[str, IntentDefinition]:
    """Every intent's definition, in :data:`INTENTS` order; raise listing every problem."""
    path = Path(path)
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    problems: list[str] = []
    if not isinstance(raw, dict):
        raise DataValidationError(
            str(path), ["top level must be a mapping of intent -> definition"]
        )
    found: dict[str, IntentDefinition] = {}
    for name in INTENTS:
        entry = raw.get(name)
        if not isinstance(entry, dict) or not str(entry.get("definition", "")).strip():
            problems.append(f"{name}: no definition")
            continue
        boundaries = {str(k): str(v) for k, v in (entry.get("boundaries") or {}).items()}
        neighbours = tuple(str(n) for n in entry.get("neighbours") or ())
        problems += [
            f"{name}: unknown neighbour {n!r}"
            for n in {*boundaries, *neighbours}
            if n not in INTENTS or n == name
        ]
        problems += [
            f"{name}: neighbour {n!r} has no boundary" for n in neighbours if n not in boundaries
        ]
        found[name] = IntentDefinition(
            name=name,
            definition=" ".join(str(entry["definition"]).split()),
            belongs=tuple(str(item) for item in entry.get("belongs") or ()),
            boundaries=boundaries,
            neighbours=neighbours,
        )
    problems += [f"unknown intent {name!r}" for name in raw if name not in INTENTS]
    if problems:
        raise DataValidationError(str(path), problems)
    return found


def neighbour_pairs(definitions: dict[str, IntentDefinition]) -> list[tuple[str, str]]:
    """Each pair of neighbouring intents once, in the order the definitions name them."""
    pairs: list[tuple[str, str]] = []
    for definition in definitions.values():
        for neighbour in definition.neighbours:
            if (neighbour, definition.name) not in pairs and (
                definition.name,
                neighbour,
            ) not in pairs:
                pairs.append((definition.name, neighbour))
    return pairs
