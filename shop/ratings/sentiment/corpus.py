"""The review corpus, built from its sources and split once into training and held-out files.

Sources (``data/sources/``, each file's header says who wrote it and when; ``data/README.md``
lists them):

* ``reviews.jsonl``: the hand-written reviews, each with its origin;
* ``templates.yaml``: review templates per sentiment (mixed reviews, negation, contrast "good
  but ...", short and long ones) filled with phrases of twelve kinds of product;
* ``frames.yaml``: paraphrase rules that keep the sentiment (a sentence with no sentiment of
  its own before or after the review, one keyboard slip).

A hand-written review and its rewrites are one group, and so is a template and its fillings
with their rewrites. Lines equal after full normalisation are kept once (the first). Then the
groups are split once, stratified by label and seeded (``shop.ml.protocol.grouped_holdout``,
the same draw as a cross-validation fold), into ``train.jsonl`` and ``heldout.jsonl``; each
line keeps its group and source, so cross-validation folds group it the same way. The split
was made before any model was trained on the new corpus, and the held-out file is never used
for tuning. Everything is seeded by the text it applies to: the same sources give the same
files (``tests/sentiment/test_corpus.py`` checks the shipped files are current).

Rebuild after editing a source: ``python -m shop.ratings.sentiment.corpus``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from shop.ml.augment import fill, misspell, rng_for
from shop.ml.protocol import grouped_holdout
from shop.ml.text import duplicate_key

from .data import DATA_DIR, DEFAULT_HELDOUT_PATH, DEFAULT_TRAINING_PATH
from .schema import SENTIMENTS

SOURCES_DIR = DATA_DIR / "sources"
HELDOUT_SHARE = 0.2
SPLIT_SEED = 20  # issue 20; fixed before the split was first drawn
_SENTENCE_START = re.compile(r"(^|[.!?]\s+)([a-z])")


@dataclass(frozen=True, slots=True)
class Line:
    """One labelled review of the corpus, with its cross-validation group and where it came
    from (a source file's line or template, and the rewrite applied, if any)."""

    text: str
    label: str
    group: str
    source: str

    def dumps(self) -> str:
        row = {"label": self.label, "text": self.text, "group": self.group, "source": self.source}
        return json.dumps(row, ensure_ascii=False)


def _sentences(text: str) -> str:
    """Capitalise each sentence's first letter (a slot's phrase may open a sentence)."""
    return _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), text.strip())


@dataclass(frozen=True, slots=True)
class RewriteRules:
    """The paraphrase rules of ``frames.yaml``."""

    context: tuple[str, ...]
    after: tuple[str, ...]
    context_share: float
    after_share: float
    typo_share: float

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any]) -> RewriteRules:
        return cls(
            context=tuple(raw["context"]),
            after=tuple(raw["after"]),
            context_share=float(raw["context_share"]),
            after_share=float(raw["after_share"]),
            typo_share=float(raw["typo_share"]),
        )

    def rewrites(self, text: str) -> list[tuple[str, str]]:
        """(rewrite, rule) pairs for one review; each rule drawn with its share."""
        found: list[tuple[str, str]] = []
        rng = rng_for(text, "sentiment-rewrites")
        if rng.random() < self.context_share:
            found.append((f"{rng.choice(self.context)} {text}", "context"))
        if rng.random() < self.after_share:
            ending = "" if text.rstrip()[-1:] in ".!?" else "."
            found.append((f"{text.rstrip()}{ending} {rng.choice(self.after)}", "after"))
        if rng.random() < self.typo_share:
            typo = misspell(text, rng)
            if typo is not None:
                found.append((typo, "typo"))
        return found


def _read_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _hand_written(path: Path) -> list[Line]:
    lines = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if raw.strip():
            row = json.loads(raw)
            where = f"{path.name}:{number}"
            lines.append(Line(row["text"].strip(), row["label"], where, where))
    return lines


def _slot_values(
    template: str, kind: Mapping[str, Sequence[str]], shared: Mapping[str, Sequence[str]]
) -> dict[str, list[str]]:
    """Every slot of ``template`` with its values; ``{good2}`` draws from ``good`` too."""
    values: dict[str, list[str]] = {}
    for name in re.findall(r"\{(\w+)\}", template):
        base = name.rstrip("0123456789")
        values[name] = list(kind.get(base) or shared[base])
    return values


def template_fillings(
    template: str,
    kinds: Mapping[str, Mapping[str, Sequence[str]]],
    shared: Mapping[str, Sequence[str]],
    count: int,
) -> list[str]:
    """Distinct fillings of one template, each for a product kind drawn in turn; two slots of
    one base (``{good}``, ``{good2}``) never get the same phrase."""
    rng = rng_for(template, "sentiment-fill")
    fillings: list[str] = []
    for _ in range(count * 4):
        kind = kinds[rng.choice(sorted(kinds))]
        values = _slot_values(template, kind, shared)
        chosen: dict[str, list[str]] = {}
        used: set[str] = set()
        for name, options in values.items():
            left = [option for option in options if option not in used] or options
            chosen[name] = [rng.choice(left)]
            used.add(chosen[name][0])
        text = _sentences(fill(template, chosen, rng))
        if text not in fillings:
            fillings.append(text)
        if len(fillings) == count:
            break
    return fillings


def _templated(path: Path) -> list[Line]:
    raw = _read_yaml(path)
    count = int(raw["fillings"])
    lines = []
    for label in SENTIMENTS:
        for number, template in enumerate(raw["templates"][label], start=1):
            where = f"{path.name}:{label}/{number}"
            lines += [
                Line(text, label, where, where)
                for text in template_fillings(template, raw["kinds"], raw["shared"], count)
            ]
    return lines


def build_corpus(directory: Path = SOURCES_DIR) -> list[Line]:
    """Every line of the corpus: sources and their rewrites, normalised duplicates dropped."""
    frames = RewriteRules.from_mapping(_read_yaml(directory / "frames.yaml"))
    originals = [
        *_hand_written(directory / "reviews.jsonl"),
        *_templated(directory / "templates.yaml"),
    ]
    seen: set[str] = set()
    corpus: list[Line] = []
    for original in originals:
        candidates = [(original.text, original.source)] + [
            (text, f"{original.source} ({rule})") for text, rule in frames.rewrites(original.text)
        ]
        for text, source in candidates:
            key = duplicate_key(text)
            if key and key not in seen:
                seen.add(key)
                corpus.append(Line(text, original.label, original.group, source))
    return corpus


def split_corpus(
    corpus: Sequence[Line], *, share: float = HELDOUT_SHARE, seed: int = SPLIT_SEED
) -> tuple[list[Line], list[Line]]:
    """(training, held-out): whole groups, stratified by label, seeded."""
    train_index, heldout_index = grouped_holdout(
        [line.label for line in corpus], [line.group for line in corpus], share=share, seed=seed
    )
    return [corpus[i] for i in train_index], [corpus[i] for i in heldout_index]


def write_corpus(
    training_path: Path = DEFAULT_TRAINING_PATH, heldout_path: Path = DEFAULT_HELDOUT_PATH
) -> tuple[int, int]:
    """Build, split and write both files; returns their sizes."""
    training, held_out = split_corpus(build_corpus())
    for path, lines in ((training_path, training), (heldout_path, held_out)):
        path.write_text("".join(line.dumps() + "\n" for line in lines), encoding="utf-8")
    return len(training), len(held_out)


if __name__ == "__main__":
    sizes = write_corpus()
    print(f"wrote {sizes[0]} training and {sizes[1]} held-out reviews")
