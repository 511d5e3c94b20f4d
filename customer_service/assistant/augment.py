"""Paraphrase rules and template filling for the training phrasings, seeded and deterministic.

The rules themselves are data (``data/training/frames.yaml`` and ``templates.yaml``); this
module applies them. Every random choice is drawn from a generator seeded by the text it
applies to, so adding one phrasing changes only that phrasing's rewrites and the same files
always give the same training set (and the same model).

Rewrites are what real customers add around a request, never the request itself: a greeting
or "Dear Sir or Madam" before it, "thanks in advance" after it, "quick question:" or "I
couldn't find it on the website" around it, and one slip of the keyboard. The frames are the
same for every intent (out_of_scope included), so they teach the model to look past them.
The seeded generator, the slot filling and the keyboard slips are :mod:`shop.ml.augment`'s,
shared with the review sentiment corpus.
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from shop.ml import augment as shared
from shop.ml.augment import misspell, rng_for, slots_of

from .entities import ORDER_ALPHABET, ORDER_CODE_LENGTH, ORDER_PREFIX

__all__ = ["Frames", "fill", "misspell", "rewrites", "rng_for", "slots_of", "template_fillings"]

TEMPLATE_FILLINGS = 4  # fillings drawn per template
TOPIC_FRAMES = 2  # statement frames drawn per topic ("I need help with <topic>")
TYPO_SHARE = 0.5  # share of phrasings that also get a misspelt copy
_EMAIL_USERS = ("anna.k", "tom_b", "m.rossi", "jamesw", "sofia.l", "lukas88", "emma.j", "priya")
_EMAIL_DOMAINS = ("example.com", "mail.example.org", "example.net")


def order_number(rng: random.Random) -> str:
    code = "".join(rng.choice(ORDER_ALPHABET) for _ in range(ORDER_CODE_LENGTH))
    return rng.choice((f"{ORDER_PREFIX}-{code}", f"#{ORDER_PREFIX}-{code}", f"ord {code.lower()}"))


def email(rng: random.Random) -> str:
    return f"{rng.choice(_EMAIL_USERS)}@{rng.choice(_EMAIL_DOMAINS)}"


_GENERATED_SLOTS = {"order": order_number, "email": email}


def fill(template: str, slots: Mapping[str, Sequence[str]], rng: random.Random) -> str:
    """Replace every ``{slot}`` with a value drawn from ``slots`` (or generated)."""
    return shared.fill(template, slots, rng, _GENERATED_SLOTS)


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
