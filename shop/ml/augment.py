"""Seeded text augmentation both text classifiers' training corpora use, framework-free.

* :func:`rng_for`: a generator seeded by strings, so a rewrite depends only on the text it
  applies to (adding one line changes only that line's rewrites, and the same files always
  give the same corpus and the same model);
* :func:`fill`: a template's ``{slot}`` placeholders replaced by values drawn from lists, or by
  a caller's generators (the assistant's order numbers and e-mail addresses);
* :func:`misspell`: one slip of the keyboard in one word (dropped, doubled, swapped or
  neighbouring letter), as customers type.

The assistant's paraphrase rules (``customer_service/assistant/augment.py``) and the review
sentiment corpus (``shop/ratings/sentiment/corpus.py``) are built on these.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Mapping, Sequence

SLOT = re.compile(r"\{(\w+)\}")
_WORD = re.compile(r"[A-Za-z]{4,}")
# Neighbouring keys on a QWERTY keyboard, for substitution slips.
_NEIGHBOURS = {
    "a": "qs", "b": "vn", "c": "xv", "d": "sf", "e": "wr", "f": "dg", "g": "fh", "h": "gj",
    "i": "uo", "j": "hk", "k": "jl", "l": "k", "m": "n", "n": "bm", "o": "ip", "p": "o",
    "q": "w", "r": "et", "s": "ad", "t": "ry", "u": "yi", "v": "cb", "w": "qe", "x": "zc",
    "y": "tu", "z": "x",
}  # fmt: skip

Generator = Callable[[random.Random], str]


def rng_for(*parts: str) -> random.Random:
    """A generator seeded by strings: the same parts give the same draws in every process."""
    return random.Random("\x1f".join(parts))


def fill(
    template: str,
    slots: Mapping[str, Sequence[str]],
    rng: random.Random,
    generated: Mapping[str, Generator] | None = None,
) -> str:
    """Replace every ``{slot}`` with a value drawn from ``slots`` (or made by ``generated``)."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if generated and name in generated:
            return generated[name](rng)
        if name not in slots:
            raise KeyError(f"unknown slot {{{name}}} in {template!r}")
        return rng.choice(list(slots[name]))

    return SLOT.sub(value, template)


def slots_of(template: str) -> set[str]:
    return set(SLOT.findall(template))


def misspell(text: str, rng: random.Random) -> str | None:
    """One slip in one word of four letters or more: a dropped, doubled, swapped or
    neighbouring letter. ``None`` if the text has no such word."""
    words = list(_WORD.finditer(text))
    if not words:
        return None
    word = rng.choice(words)
    letters = list(word.group(0))
    position = rng.randrange(1, len(letters) - 1)  # keep first and last letters
    kind = rng.choice(("drop", "double", "swap", "neighbour"))
    if kind == "drop":
        del letters[position]
    elif kind == "double":
        letters.insert(position, letters[position])
    elif kind == "swap":
        letters[position], letters[position + 1] = letters[position + 1], letters[position]
    else:
        lower = letters[position].lower()
        letters[position] = rng.choice(_NEIGHBOURS.get(lower, lower))
    return text[: word.start()] + "".join(letters) + text[word.end() :]
