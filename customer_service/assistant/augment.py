"""Paraphrase rules and template filling for the training phrasings, seeded and deterministic.

The rules themselves are data (``data/training/frames.yaml`` and ``templates.yaml``); this
module applies them. Every random choice is drawn from a generator seeded by the text it
applies to, so adding one phrasing changes only that phrasing's rewrites and the same files
always give the same training set (and the same model).

Rewrites are what real customers add around a request, never the request itself: a greeting
or "Dear Sir or Madam" before it, "thanks in advance" after it, "quick question:" or "I
couldn't find it on the website" around it, and one slip of the keyboard. The frames are the
same for every intent (out_of_scope included), so they teach the model to look past them.
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .entities import ORDER_ALPHABET, ORDER_CODE_LENGTH, ORDER_PREFIX

TEMPLATE_FILLINGS = 4  # fillings drawn per template
TOPIC_FRAMES = 2  # statement frames drawn per topic ("I need help with <topic>")
TYPO_SHARE = 0.5  # share of phrasings that also get a misspelt copy
_SLOT = re.compile(r"\{(\w+)\}")
_WORD = re.compile(r"[A-Za-z]{4,}")
# Neighbouring keys on a QWERTY keyboard, for substitution slips.
_NEIGHBOURS = {
    "a": "qs", "b": "vn", "c": "xv", "d": "sf", "e": "wr", "f": "dg", "g": "fh", "h": "gj",
    "i": "uo", "j": "hk", "k": "jl", "l": "k", "m": "n", "n": "bm", "o": "ip", "p": "o",
    "q": "w", "r": "et", "s": "ad", "t": "ry", "u": "yi", "v": "cb", "w": "qe", "x": "zc",
    "y": "tu", "z": "x",
}  # fmt: skip
_EMAIL_USERS = ("anna.k", "tom_b", "m.rossi", "jamesw", "sofia.l", "lukas88", "emma.j", "priya")
_EMAIL_DOMAINS = ("example.com", "mail.example.org", "example.net")


def rng_for(*parts: str) -> random.Random:
    """A generator seeded by strings: the same parts give the same draws in every process."""
    return random.Random("\x1f".join(parts))


def order_number(rng: random.Random) -> str:
    code = "".join(rng.choice(ORDER_ALPHABET) for _ in range(ORDER_CODE_LENGTH))
    return rng.choice((f"{ORDER_PREFIX}-{code}", f"#{ORDER_PREFIX}-{code}", f"ord {code.lower()}"))


def email(rng: random.Random) -> str:
    return f"{rng.choice(_EMAIL_USERS)}@{rng.choice(_EMAIL_DOMAINS)}"


_GENERATED_SLOTS = {"order": order_number, "email": email}


def fill(template: str, slots: Mapping[str, Sequence[str]], rng: random.Random) -> str:
    """Replace every ``{slot}`` with a value drawn from ``slots`` (or generated)."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in _GENERATED_SLOTS:
            return _GENERATED_SLOTS[name](rng)
        if name not in slots:
            raise KeyError(f"unknown slot {{{name}}} in {template!r}")
        return rng.choice(list(slots[name]))

    return _SLOT.sub(value, template)


def slots_of(template: str) -> set[str]:
    return set(_SLOT.findall(template))


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


@dataclass(frozen=True, slots=True)
class Frames:
    """The paraphrase rules of ``frames.yaml``."""

    wrap_intents: frozenset[str]
    openers: tuple[str, ...]
    wrappers: tuple[str, ...]
    closers: tuple[str, ...]
    help_frames: tuple[str, ...]

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Sequence[str]]) -> Frames:
        return cls(
            wrap_intents=frozenset(raw["wrap_intents"]),
            openers=tuple(raw["openers"]),
            wrappers=tuple(raw["wrappers"]),
            closers=tuple(raw["closers"]),
            help_frames=tuple(raw["help_frames"]),
        )

    def frame(self, text: str, slots: Mapping[str, Sequence[str]], rng: random.Random) -> str:
        """``text`` inside a frame: an opener, a wrapper, a closer, or several of them."""
        core = text.rstrip()
        if rng.random() < 0.5:
            core = rng.choice(self.wrappers).replace("{text}", core)
        parts = [core]
        if rng.random() < 0.6:
            parts.insert(0, rng.choice(self.openers))
        if rng.random() < 0.4 or parts == [text.rstrip()]:
            parts.append(fill(rng.choice(self.closers), slots, rng))
        framed = " ".join(parts)
        # "Hello, Where is..." reads as pasted; customers lower-case after a comma.
        return re.sub(r"(,\s)([A-Z])(?=[a-z])", lambda m: m.group(1) + m.group(2).lower(), framed)


def rewrites(
    text: str, intent: str, frames: Frames, slots: Mapping[str, Sequence[str]]
) -> list[str]:
    """The rewrites of one hand-written phrasing: one framed (for ``wrap_intents``) and,
    for about half the phrasings, one misspelt."""
    found: list[str] = []
    if intent in frames.wrap_intents:
        found.append(frames.frame(text, slots, rng_for(text, "frame")))
    rng = rng_for(text, "typo")
    if rng.random() < TYPO_SHARE:
        typo = misspell(text, rng)
        if typo is not None:
            found.append(typo)
    return found


def template_fillings(
    template: str, slots: Mapping[str, Sequence[str]], count: int = TEMPLATE_FILLINGS
) -> list[str]:
    """Up to ``count`` distinct fillings of one template (fewer if it has few slot values)."""
    rng = rng_for(template, "fill")
    fillings: list[str] = []
    for _ in range(count * 4):
        text = fill(template, slots, rng)
        if text not in fillings:
            fillings.append(text)
        if len(fillings) == count:
            break
    return fillings


def topic_statements(
    topic: str, frames: Frames, slots: Mapping[str, Sequence[str]], count: int = TOPIC_FRAMES
) -> list[str]:
    """A topic ("a return") said in ``count`` statement frames ("I need help with a return")."""
    rng = rng_for(topic, "topic")
    chosen = rng.sample(list(frames.help_frames), k=min(count, len(frames.help_frames)))
    return [fill(frame.replace("{topic}", topic), slots, rng) for frame in chosen]


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:] if text[:1] in string.ascii_lowercase else text
