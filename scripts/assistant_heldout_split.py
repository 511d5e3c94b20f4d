"""Redraw the assistant's held-out set from the same pool as its oldest training lines.

Usage: python scripts/assistant_heldout_split.py [--check]

``training/legacy.yaml`` and ``evaluation/heldout.yaml`` were both written by the team before
issue 16, but not the same way: measured with the nearest training line by character n-gram
cosine, held-out lines sat closer to the training data (median 0.688, 30% at 0.8 or more) than
the legacy lines sat to the rest of it with their own rewrites left out (0.630, 19%), and the
held-out figure ran 8 points above grouped cross-validation. So the two files are one pool:
per intent, every line of both is ranked by a seeded hash of its normalised text (never by
how the model does on it), the first lines, as many as the held-out set had of that intent,
form the held-out set, and the rest go back to ``legacy.yaml``. Which lines land where depends
only on their text; running it again changes nothing (``--check`` says whether the files are
already split this way). Each file keeps its header; a line keeps its position otherwise.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from customer_service.assistant.corpus import duplicate_key  # noqa: E402
from customer_service.assistant.schema import INTENTS  # noqa: E402

DATA = ROOT / "customer_service" / "data"
LEGACY = DATA / "training" / "legacy.yaml"
HELDOUT = DATA / "evaluation" / "heldout.yaml"
SEED = "issue-16 held-out redraw"


def _rank(text: str) -> str:
    return hashlib.sha256(f"{SEED}\x1f{duplicate_key(text)}".encode()).hexdigest()


def _header(path: Path) -> str:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = []
    for line in lines:
        if not line.startswith("#"):
            break
        kept.append(line)
    return "".join(kept)


def _dump(header: str, dataset: dict[str, list[str]]) -> str:
    parts = [header]
    for intent in INTENTS:
        if not dataset.get(intent):
            continue
        parts.append(f"{intent}:\n")
        for text in dataset[intent]:
            scalar = yaml.safe_dump(text, allow_unicode=True, width=10_000).strip()
            scalar = scalar.removesuffix("\n...").removesuffix("...").strip()
            parts.append(f"  - {scalar}\n")
    return "".join(parts)


def split(
    legacy: dict[str, list[str]], heldout: dict[str, list[str]]
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(training, held-out): per intent, the held-out set's size of the pool, chosen by hash."""
    training: dict[str, list[str]] = {}
    evaluation: dict[str, list[str]] = {}
    for intent in INTENTS:
        pool = list(legacy.get(intent, [])) + list(heldout.get(intent, []))
        chosen = set(sorted(pool, key=_rank)[: len(heldout.get(intent, []))])
        training[intent] = [text for text in pool if text not in chosen]
        evaluation[intent] = [text for text in pool if text in chosen]
    return training, evaluation


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say if the files are split")
    args = parser.parse_args()
    legacy = yaml.safe_load(LEGACY.read_text(encoding="utf-8"))
    heldout = yaml.safe_load(HELDOUT.read_text(encoding="utf-8"))
    training, evaluation = split(legacy, heldout)
    moved = sum(len(set(heldout.get(i, [])) - set(evaluation[i])) for i in INTENTS)
    if args.check:
        print(f"{moved} held-out lines would move to training" if moved else "already split")
        return 1 if moved else 0
    LEGACY.write_text(_dump(_header(LEGACY), training), encoding="utf-8")
    HELDOUT.write_text(_dump(_header(HELDOUT), evaluation), encoding="utf-8")
    print(f"held-out: {sum(map(len, evaluation.values()))} lines, {moved} of them new")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
