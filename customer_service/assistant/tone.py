"""A small, transparent negative-tone scorer used to hand angry customers to staff.

A lexicon of weighted words, adjusted by intensifiers ("really awful"), negation ("not happy",
"not bad"), shouting (words in capitals) and repeated "!" or "?". It is deliberately simple: a
staff member can read why a message scored as it did (:attr:`ToneResult.cues`), and the
interface ``tone_score(text) -> ToneResult`` lets a trained sentiment model replace it later.

A plain problem report ("my parcel has not arrived") is not anger; it scores mildly negative
at most. Anger needs strong words, or negative words said loudly.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .normalise import clean, normalise

# Weights in roughly [-3, 2]: -3 is abuse or an accusation, -1 mild dissatisfaction.
_LEXICON: dict[str, float] = {
    # strong: abuse, accusations, fury
    "scam": -3.0, "scammers": -3.0, "fraud": -3.0, "fraudsters": -3.0, "thieves": -3.0,
    "liars": -3.0, "criminal": -3.0, "fuck": -3.0, "fucking": -3.0, "fucked": -3.0,
    "shit": -2.5, "shitty": -2.5, "bullshit": -3.0, "wtf": -2.5, "furious": -3.0,
    "livid": -3.0, "outraged": -3.0, "disgusting": -2.5, "disgraceful": -2.5, "disgrace": -2.5,
    "pathetic": -2.5, "incompetent": -2.5, "useless": -2.0, "worst": -2.5, "hate": -2.0,
    "rip-off": -2.5, "ripoff": -2.5, "robbed": -2.5, "stole": -2.5, "stolen": -1.5,
    "lied": -2.5, "lying": -2.5, "joke": -1.5, "ridiculous": -2.0, "unacceptable": -2.0,
    "appalling": -2.5, "atrocious": -2.5, "horrible": -2.0, "terrible": -2.0, "awful": -2.0,
    "rubbish": -2.0, "garbage": -2.0, "crap": -2.0, "crappy": -2.0, "idiots": -3.0,
    "idiot": -3.0, "stupid": -2.0, "damn": -1.5, "bloody": -1.5, "angry": -2.0, "fuming": -3.0,
    "sue": -2.0, "lawyer": -2.0, "shameful": -2.0, "shocking": -1.5, "nightmare": -2.0,
    "insane": -1.5, "clowns": -2.5, "sick": -1.0,
    # mild: dissatisfaction
    "annoyed": -1.5, "frustrated": -1.5, "frustrating": -1.5, "upset": -1.5,
    "disappointed": -1.5, "disappointing": -1.5, "unhappy": -1.5, "poor": -1.0, "bad": -1.0,
    "fed": -0.5, "waste": -1.5, "wasted": -1.5, "broken": -0.5, "damaged": -0.5,
    "late": -0.5, "never": -0.5, "still": -0.3, "again": -0.3, "complaint": -1.0,
    "rude": -1.5, "slow": -0.5, "wrong": -0.5, "missing": -0.5,
    # positive
    "thanks": 1.5, "thank": 1.5, "great": 1.5, "good": 1.0, "love": 2.0, "lovely": 1.5,
    "perfect": 2.0, "excellent": 2.0, "amazing": 2.0, "awesome": 2.0, "happy": 1.5,
    "helpful": 1.5, "brilliant": 2.0, "fantastic": 2.0, "appreciate": 1.5, "pleased": 1.5,
    "nice": 1.0, "wonderful": 2.0, "cheers": 1.0, "glad": 1.5,
}  # fmt: skip
# Phrases scored as a unit, checked before single words.
_PHRASES: dict[str, float] = {
    "fed up": -2.0, "sick of": -2.0, "sick and tired": -2.5, "had enough": -2.0,
    "never again": -2.5, "waste of time": -2.0, "waste of money": -2.0, "rip off": -2.5,
    "what the hell": -2.5, "what the heck": -1.5, "are you kidding": -2.0,
    "you people": -1.5, "so much for": -1.5, "last time i": -1.5, "money back now": -2.0,
}  # fmt: skip
_PHRASE_PATTERNS = tuple((phrase, re.compile(rf"\b{re.escape(phrase)}\b")) for phrase in _PHRASES)
_INTENSIFIERS: dict[str, float] = {
    "very": 1.5, "really": 1.5, "so": 1.4, "extremely": 1.8, "absolutely": 1.8, "totally": 1.6,
    "completely": 1.6, "utterly": 1.8, "incredibly": 1.8, "beyond": 1.6, "truly": 1.4,
    "fucking": 2.0, "bloody": 1.6, "most": 1.3,
}  # fmt: skip
_NEGATIONS = frozenset({"not", "never", "cannot", "nothing", "hardly", "without"})
_NEGATION_WINDOW = 3
# Negated praise ("not happy") is fairly negative; negated criticism ("not bad") only mildly
# positive, as people use it for faint praise.
_NEGATED_POSITIVE = -0.9
_NEGATED_NEGATIVE = -0.3

_WORD = re.compile(r"[a-z][a-z'-]*")
_SHOUTED = re.compile(r"\b[A-Z]{3,}\b")
_REPEATED_MARKS = re.compile(r"[!?]{2,}")
_ACRONYMS = frozenset({"ORD", "FAQ", "USA", "UK", "EU", "DHL", "UPS", "USPS", "PDF", "ID"})

# The raw sum is squashed with tanh; this scale puts one strong word near -0.6.
_SCALE = 3.5
ANGRY_THRESHOLD = -0.6


@dataclass(frozen=True, slots=True)
class ToneResult:
    """A tone score in [-1, 1] (negative is upset), the anger flag, and what drove it."""

    score: float
    is_angry: bool
    cues: tuple[str, ...] = ()


def _loudness(cleaned: str) -> tuple[float, float, list[str]]:
    """Return (base, factor, cues) for shouting and repeated "!" or "?".

    Loudness amplifies negative words. A message wholly in capitals or ending in "!!!" also
    carries some negativity of its own ("WHERE IS MY ORDER!!!"), the base, but loudness
    alone stays below the anger threshold unless both are present.
    """
    base, factor, cues = 0.0, 1.0, []
    letters = [char for char in cleaned if char.isalpha()]
    shouted = [word for word in _SHOUTED.findall(cleaned) if word not in _ACRONYMS]
    if len(letters) >= 8 and sum(char.isupper() for char in letters) / len(letters) > 0.7:
        base, factor = -1.0, 1.8
        cues.append("all caps")
    elif len(shouted) >= 2:
        factor = 1.4
        cues.append("capitals")
    marks = _REPEATED_MARKS.findall(cleaned)
    if marks:
        longest = len(max(marks, key=len))
        base -= 0.5 if longest >= 3 else 0.0
        factor *= 1.5 if longest >= 3 else 1.3
        cues.append("!" * min(longest, 3))
    return base, factor, cues


def _lexicon_sum(normalised: str) -> tuple[float, list[str]]:
    total = 0.0
    cues: list[str] = []
    for phrase, pattern in _PHRASE_PATTERNS:
        normalised, found = pattern.subn(" ", normalised)
        if found:
            total += _PHRASES[phrase] * found
            cues.append(phrase)
    words = _WORD.findall(normalised)
    for position, word in enumerate(words):
        if word not in _LEXICON:
            continue
        weight = _LEXICON[word]
        previous = words[max(0, position - _NEGATION_WINDOW) : position]
        if previous and previous[-1] in _INTENSIFIERS:
            weight *= _INTENSIFIERS[previous[-1]]
        if any(token in _NEGATIONS for token in previous):
            weight *= _NEGATED_POSITIVE if weight > 0 else _NEGATED_NEGATIVE
            cues.append(f"not {word}")
        else:
            cues.append(word)
        total += weight
    return total, cues


def tone_score(text: str) -> ToneResult:
    """Score the tone of ``text``; ``is_angry`` when the score is at or below -0.6."""
    cleaned = clean(text)
    total, cues = _lexicon_sum(normalise(cleaned))
    base, factor, loud_cues = _loudness(cleaned)
    if total + base < 0:
        total = (total + base) * factor
        cues.extend(loud_cues)
    score = math.tanh(total / _SCALE)
    return ToneResult(round(score, 3), score <= ANGRY_THRESHOLD, tuple(cues))
