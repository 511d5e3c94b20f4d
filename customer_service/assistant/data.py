"""Loading and validating intent data: ``intent name -> list of phrasings`` in YAML.

The training file is edited by hand, so mistakes are expected: a misspelt intent name, a
phrase pasted twice, the same phrase under two intents, an intent with three examples. Each
of those silently degrades the model, so loading collects every problem and raises one
:class:`DataValidationError` that lists them all, rather than training on bad data.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import yaml

from shop.ml import data as shared
from shop.ml.model_files import dataset_hash as dataset_hash  # re-exported: part of this API

from .entities import mask_order_numbers
from .normalise import normalise
from .schema import INTENTS

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULT_TRAINING_PATH = DATA_DIR / "training"
MIN_TRAINING_EXAMPLES = 20

Dataset = dict[str, list[str]]


class DataValidationError(shared.DataValidationError):
    """The intent data is malformed; ``problems`` lists every issue found."""

    subject = "intent"


def _dedup_key(text: str) -> str:
    """Two phrasings are duplicates if they are equal after normalisation and masking."""
    return normalise(mask_order_numbers(text))


def validate_dataset(
    raw: object,
    *,
    source: str = "<data>",
    min_examples: int = MIN_TRAINING_EXAMPLES,
    require_all_intents: bool = True,
) -> Dataset:
    """Check parsed YAML and return it as ``{intent: [phrasing, ...]}`` in canonical order.

    Raises :class:`DataValidationError` for: a top level that is not a mapping, unknown intent
    names, values that are not lists of non-empty strings, duplicates within an intent, the
    same phrasing under two intents, fewer than ``min_examples`` phrasings, and (when
    ``require_all_intents``) intents with no entry at all.
    """
    if not isinstance(raw, Mapping):
        raise DataValidationError(source, ["top level must be a mapping of intent -> phrasings"])
    problems: list[str] = []
    dataset: Dataset = {}
    seen: dict[str, str] = {}  # dedup key -> intent that first used it
    for name, phrasings in raw.items():
        if name not in INTENTS:
            problems.append(f"unknown intent {name!r} (known: {', '.join(INTENTS)})")
            continue
        if not isinstance(phrasings, list):
            problems.append(f"{name}: expected a list of phrasings")
            continue
        kept: list[str] = []
        for position, phrasing in enumerate(phrasings, start=1):
            if not isinstance(phrasing, str) or not phrasing.strip():
                problems.append(f"{name}: item {position} is not a non-empty string")
                continue
            key = _dedup_key(phrasing)
            if key in seen:
                where = "twice" if seen[key] == name else f"also under {seen[key]!r}"
                problems.append(f"{name}: duplicate phrasing {phrasing!r} ({where})")
                continue
            seen[key] = name
            kept.append(phrasing.strip())
        if len(kept) < min_examples:
            problems.append(f"{name}: {len(kept)} phrasings, at least {min_examples} needed")
        dataset[name] = kept
    if require_all_intents:
        problems.extend(f"missing intent {name!r}" for name in INTENTS if name not in raw)
    if problems:
        raise DataValidationError(source, problems)
    return {name: dataset[name] for name in INTENTS if name in dataset}


def load_dataset(
    path: str | Path = DEFAULT_TRAINING_PATH,
    *,
    min_examples: int = MIN_TRAINING_EXAMPLES,
    require_all_intents: bool = True,
) -> Dataset:
    """Read and validate an intent YAML file (see :func:`validate_dataset`)."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise DataValidationError(str(path), [f"not valid YAML: {error}"]) from error
    return validate_dataset(
        raw, source=str(path), min_examples=min_examples, require_all_intents=require_all_intents
    )


def as_examples(dataset: Mapping[str, list[str]]) -> list[tuple[str, str]]:
    """Flatten a dataset to ``(text, intent)`` pairs, in file order."""
    return [(text, intent) for intent, texts in dataset.items() for text in texts]
