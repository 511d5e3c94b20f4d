"""Loading and validating the labelled review corpus: one JSON object per line.

Each line is ``{"label": "positive" | "neutral" | "negative", "text": "..."}``. The files are
written by hand, so loading collects every problem (a line that is not JSON, an unknown label,
an empty text, a review pasted twice or under two labels, a label with too few examples) and
raises one :class:`DataValidationError` listing them all, rather than training on bad data.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from shop.ml import data as shared
from shop.ml.model_files import Example, dataset_hash
from shop.ml.text import normalise

from .schema import SENTIMENTS

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_TRAINING_PATH = DATA_DIR / "train.jsonl"
DEFAULT_HELDOUT_PATH = DATA_DIR / "heldout.jsonl"
MIN_TRAINING_EXAMPLES = 20

__all__ = [
    "DEFAULT_HELDOUT_PATH",
    "DEFAULT_TRAINING_PATH",
    "DataValidationError",
    "Example",
    "dataset_hash",
    "load_examples",
    "load_provenance",
    "overlap",
    "validate_lines",
]


class DataValidationError(shared.DataValidationError):
    """The review corpus is malformed; ``problems`` lists every issue found."""

    subject = "sentiment"


def dedup_key(text: str) -> str:
    """Two reviews are the same example if they are equal after normalisation."""
    return normalise(text).strip(" .!")


def validate_lines(
    lines: Sequence[str], *, source: str = "<data>", min_examples: int = MIN_TRAINING_EXAMPLES
) -> list[Example]:
    """Parse JSONL ``lines`` into ``(text, label)`` pairs, or raise listing every problem."""
    problems: list[str] = []
    examples: list[Example] = []
    seen: dict[str, tuple[int, str]] = {}  # dedup key -> (line number, label)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(f"line {number}: not valid JSON ({error.msg})")
            continue
        if not isinstance(row, dict):
            problems.append(f"line {number}: expected an object with 'label' and 'text'")
            continue
        label, text = row.get("label"), row.get("text")
        if label not in SENTIMENTS:
            problems.append(f"line {number}: unknown label {label!r} (known: {SENTIMENTS})")
            continue
        if not isinstance(text, str) or not text.strip():
            problems.append(f"line {number}: 'text' must be a non-empty string")
            continue
        key = dedup_key(text)
        if key in seen:
            first, first_label = seen[key]
            where = "same label" if first_label == label else f"labelled {first_label!r} there"
            problems.append(f"line {number}: duplicate of line {first} ({where}): {text!r}")
            continue
        seen[key] = (number, label)
        examples.append((text.strip(), label))
    counts = Counter(label for _, label in examples)
    problems.extend(
        f"{label}: {counts[label]} examples, at least {min_examples} needed"
        for label in SENTIMENTS
        if counts[label] < min_examples
    )
    if problems:
        raise DataValidationError(source, problems)
    return examples


def load_examples(
    path: str | Path = DEFAULT_TRAINING_PATH, *, min_examples: int = MIN_TRAINING_EXAMPLES
) -> list[Example]:
    """Read and validate a JSONL corpus file (see :func:`validate_lines`)."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise DataValidationError(str(path), [f"cannot read the file: {error}"]) from error
    return validate_lines(lines, source=str(path), min_examples=min_examples)


def load_provenance(path: str | Path, examples: Sequence[Example]) -> list[tuple[str, str]]:
    """(group, source) of each of ``examples``, the validated lines of the file at ``path``.

    Cross-validation keeps a group in one fold; a line without a group (a hand-made file) is a
    group of its own, under its normalised text, and its source is the file's line.
    """
    found: dict[str, tuple[str, str]] = {}
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        row = json.loads(line) if line.strip() else None
        if isinstance(row, dict) and isinstance(row.get("text"), str):
            key = dedup_key(row["text"])
            group = str(row.get("group") or key)
            found.setdefault(key, (group, str(row.get("source") or f"line {number}")))
    return [found[dedup_key(text)] for text, _ in examples]


def overlap(first: Sequence[Example], second: Sequence[Example]) -> list[str]:
    """Texts present in both sets: a held-out example found in training inflates its score."""
    keys = {dedup_key(text) for text, _ in first}
    return [text for text, _ in second if dedup_key(text) in keys]
