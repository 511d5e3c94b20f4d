"""The training corpus: hand-written phrasings, contrastive pairs, templates and rewrites.

``data/training/`` holds one file per source (each says in its header where it came from):

* ``legacy.yaml``, ``phrasings.yaml``: ``intent -> [phrasing, ...]``;
* ``contrastive.yaml``: ``boundary -> intent -> [phrasing, ...]``, pairs across a boundary;
* ``out_of_scope.yaml``: ``domain -> [phrasing, ...]``, all out of scope;
* ``templates.yaml``: slot values and, per intent, templates and statement topics;
* ``frames.yaml``: the paraphrase rules (:mod:`.augment`).

:func:`load_corpus` turns them into :class:`Phrasing` records, each with its cross-validation
``group`` (a hand-written line and its rewrites, or one template and its fillings, share one)
and its ``source``. Hand-written lines must not repeat each other after full normalisation
(:func:`duplicate_key`): a repeat is a mistake and is reported. A generated line that repeats
an earlier one is dropped, which keeps every example unique, and so is a generated line that
equals a line of an evaluation set (a template can happen to produce one; the hand-written lines
are checked against them by ``tests/assistant/test_corpus.py``). A single YAML file in the plain
``intent -> [phrasing, ...]`` format is also a corpus (no rewrites), as used in tests.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from shop.ml.text import duplicate_key as shared_duplicate_key

from . import augment
from .data import DATA_DIR, DataValidationError, validate_dataset
from .entities import mask_emails, mask_order_numbers
from .evaluation_sets import EVALUATION_SETS, load_evaluation_set
from .schema import INTENTS, Intent

TRAINING_DIR = DATA_DIR / "training"
MIN_PER_INTENT = 300  # the floor for the shipped corpus (the plain format has its own)
PLAIN_MIN_EXAMPLES = 20
OUT_OF_SCOPE = Intent.OUT_OF_SCOPE.value

PHRASING_FILES = ("legacy.yaml", "phrasings.yaml", "registers.yaml")
CONTRASTIVE_FILE = "contrastive.yaml"
DOMAINS_FILE = "out_of_scope.yaml"
TEMPLATES_FILES = ("templates.yaml", "contexts.yaml")  # slots are shared across them
FRAMES_FILE = "frames.yaml"
SOURCE_FILES = (*PHRASING_FILES, CONTRASTIVE_FILE, DOMAINS_FILE, *TEMPLATES_FILES, FRAMES_FILE)


def duplicate_key(text: str) -> str:
    """Full normalisation with order numbers and e-mail addresses masked as well."""
    return shared_duplicate_key(mask_emails(mask_order_numbers(text)))


@dataclass(frozen=True, slots=True)
class Phrasing:
    """One training example with where it came from."""

    text: str
    intent: str
    group: str  # cross-validation group
    source: str  # "phrasings.yaml", "templates.yaml:order_status", "legacy.yaml (typo)", ...
    generated: bool = False


def _read(path: Path, problems: list[str]) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        problems.append(f"{path.name}: cannot read: {error}")
    except yaml.YAMLError as error:
        problems.append(f"{path.name}: not valid YAML: {error}")
    return None


def _strings(value: object, where: str, problems: list[str]) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(f"{where}: expected a list of non-empty strings")
        return []
    return [v.strip() for v in value]


def _intent(name: object, where: str, problems: list[str]) -> str | None:
    if name not in INTENTS:
        problems.append(f"{where}: unknown intent {name!r}")
        return None
    return str(name)


def _hand_written(directory: Path, problems: list[str]) -> list[Phrasing]:
    """Every hand-written line of the directory, in file order, each its own group."""
    lines: list[Phrasing] = []

    def add(texts: Iterable[str], intent: str, source: str) -> None:
        for text in texts:
            lines.append(Phrasing(text, intent, f"{source}#{len(lines)}", source))

    for name in PHRASING_FILES:
        raw = _read(directory / name, problems)
        for intent_name, texts in (raw or {}).items():
            intent = _intent(intent_name, name, problems)
            if intent:
                add(_strings(texts, f"{name}: {intent}", problems), intent, name)
    raw = _read(directory / CONTRASTIVE_FILE, problems)
    for boundary, sides in (raw or {}).items():
        for intent_name, texts in (sides or {}).items():
            intent = _intent(intent_name, f"{CONTRASTIVE_FILE}: {boundary}", problems)
            if intent:
                where = f"{CONTRASTIVE_FILE}: {boundary}: {intent}"
                add(_strings(texts, where, problems), intent, f"{CONTRASTIVE_FILE}:{boundary}")
    raw = _read(directory / DOMAINS_FILE, problems)
    for domain, texts in (raw or {}).items():
        add(_strings(texts, f"{DOMAINS_FILE}: {domain}", problems), OUT_OF_SCOPE, DOMAINS_FILE)
    return lines


def _templated(
    name: str,
    raw: Mapping[str, Any],
    frames: augment.Frames,
    slots: Mapping[str, list[str]],
    problems: list[str],
) -> list[Phrasing]:
    found: list[Phrasing] = []
    for intent_name, spec in raw.get("intents", {}).items():
        intent = _intent(intent_name, name, problems)
        if intent is None:
            continue
        source = f"{name}:{intent}"
        for number, template in enumerate(spec.get("templates", [])):
            try:
                count = int(spec.get("fillings", augment.TEMPLATE_FILLINGS))
                texts = augment.template_fillings(template, slots, count)
            except KeyError as error:
                problems.append(f"{name}: {intent}: {error.args[0]}")
                continue
            group = f"{source}:template{number}"
            found += [Phrasing(text, intent, group, source, True) for text in texts]
        for number, topic in enumerate(spec.get("topics", [])):
            group = f"{source}:topic{number}"
            texts = augment.topic_statements(topic, frames, slots)
            found += [Phrasing(text, intent, group, f"{source} (topics)", True) for text in texts]
    return found


def _slots(templates: Iterable[Mapping[str, Any]]) -> dict[str, list[str]]:
    """The slot values of every templates file, merged (a later file may add slots)."""
    return {
        name: [str(v) for v in values]
        for raw in templates
        for name, values in raw.get("slots", {}).items()
    }


def load_corpus(
    path: str | Path = TRAINING_DIR, *, min_per_intent: int | None = None
) -> list[Phrasing]:
    """The corpus at ``path`` (the training directory, or one plain YAML file), validated.

    Raises :class:`DataValidationError` listing every problem: unreadable files, unknown
    intents, hand-written lines that repeat after full normalisation (within or across files
    and intents), and intents with fewer than ``min_per_intent`` examples.
    """
    path = Path(path)
    if path.is_file():
        return _plain_file(path, min_per_intent or PLAIN_MIN_EXAMPLES)
    problems: list[str] = []
    lines = _hand_written(path, problems)
    frames_raw = _read(path / FRAMES_FILE, problems) or {}
    templates_raw = {name: _read(path / name, problems) or {} for name in TEMPLATES_FILES}
    if problems:
        raise DataValidationError(str(path), problems)
    frames = augment.Frames.from_mapping(frames_raw)
    slots = _slots(templates_raw.values())

    seen: dict[str, Phrasing] = {}
    for line in lines:
        key = duplicate_key(line.text)
        if key in seen:
            first = seen[key]
            where = "twice" if first.intent == line.intent else f"also under {first.intent!r}"
            problems.append(
                f"{line.source}: {line.text!r} repeats {first.text!r} of {first.source} ({where})"
            )
        else:
            seen[key] = line
    generated = [
        Phrasing(text, line.intent, line.group, f"{line.source} (rewrite)", True)
        for line in lines
        for text in augment.rewrites(line.text, line.intent, frames, slots)
    ]
    for name, raw in templates_raw.items():
        generated += _templated(name, raw, frames, slots, problems)
    corpus = list(seen.values())
    reserved = _evaluation_keys()
    for phrasing in generated:
        key = duplicate_key(phrasing.text)
        if key and key not in seen and key not in reserved:
            seen[key] = phrasing
            corpus.append(phrasing)
    counts = Counter(phrasing.intent for phrasing in corpus)
    floor = MIN_PER_INTENT if min_per_intent is None else min_per_intent
    problems += [
        f"{intent}: {counts[intent]} examples, at least {floor} needed"
        for intent in INTENTS
        if counts[intent] < floor
    ]
    if problems:
        raise DataValidationError(str(path), problems)
    return corpus


def _evaluation_keys() -> frozenset[str]:
    """The normalised lines of every evaluation set: never generated into the training data."""
    return frozenset(
        duplicate_key(text) for name in EVALUATION_SETS for text, _ in load_evaluation_set(name)
    )


def _plain_file(path: Path, min_examples: int) -> list[Phrasing]:
    from .data import load_dataset  # the plain format's own validation

    dataset = load_dataset(path, min_examples=min_examples)
    return [
        Phrasing(text, intent, f"{path.name}#{number}", path.name)
        for intent, texts in dataset.items()
        for number, text in enumerate(texts)
    ]


def as_examples(corpus: Iterable[Phrasing]) -> list[tuple[str, str]]:
    return [(phrasing.text, phrasing.intent) for phrasing in corpus]


def provenance(directory: str | Path = TRAINING_DIR) -> dict[str, str]:
    """Each source file's first header sentence or paragraph: where the file came from."""
    found: dict[str, str] = {}
    for name in SOURCE_FILES:
        words: list[str] = []
        for line in (Path(directory) / name).read_text(encoding="utf-8").splitlines():
            if not line.startswith("#") or not line.strip("# "):
                break
            words.append(line.strip("# "))
        found[name] = " ".join(words)
    return found


def summary(corpus: Iterable[Phrasing], key: Callable[[Phrasing], str]) -> Counter[str]:
    return Counter(key(phrasing) for phrasing in corpus)


__all__ = ["Phrasing", "as_examples", "load_corpus", "provenance", "validate_dataset"]
