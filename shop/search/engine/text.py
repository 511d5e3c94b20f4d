"""Words of a query: tokens, stop words, plurals and price phrases."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

TOKEN = re.compile(r"[^\W_]+", re.UNICODE)

# Words that carry no product meaning in a shopper's sentence ("do you have blenders", "a tent
# for 2 people", "show me something for running").
STOP_WORDS = frozenset(
    """a an the and or of for to in on at by with without from do does did you your we our i
    me my mine am is are be been was were have has had any some something anything please
    want wants need needs looking look search searching find show give get got buy sell
    sells selling there here this that these those it its can could would like what which
    who where how much many also just very really good nice new one ones thing things stuff
    item items product products hi hello hey thanks""".split()  # noqa: SIM905
)

# Words after a number that say what it counts ("2 people" is a "2-person" tent).
COUNT_UNITS = {
    "people": "person",
    "persons": "person",
    "person": "person",
    "man": "person",
    "players": "players",
    "player": "players",
    "pieces": "pieces",
    "piece": "pieces",
    "pcs": "pieces",
    "slices": "slice",
    "slice": "slice",
}

CHEAP_WORDS = frozenset({"cheap", "cheapest", "budget", "inexpensive", "affordable", "bargain"})

_MONEY = r"(?:[€$£]\s*)?(\d{1,7}(?:[.,]\d{1,2})?)\s*(?:€|\$|£|eur|euros?|dollars?|pounds?)?"
_UNDER = re.compile(
    r"\b(?:under|below|less than|cheaper than|up to|at most|max(?:imum)?|no more than)\s*"
    + _MONEY
    + r"(?!\s*(?:ml|l|cm|mm|kg|gb|w|m|in)\b)"
)
_OVER = re.compile(
    r"\b(?:over|above|more than|at least|min(?:imum)?|from)\s*"
    + _MONEY
    + r"(?!\s*(?:ml|l|cm|mm|kg|gb|w|m|in|people|person|players)\b)"
)
_BETWEEN = re.compile(r"\bbetween\s*" + _MONEY + r"\s*(?:and|-|to)\s*" + _MONEY)


def normalise(text: str) -> str:
    """Lower case, accents folded ("décor" is "decor"), apostrophes dropped ("chef's")."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return folded.replace("'", "").replace("\u2019", "")


def tokenise(text: str) -> list[str]:
    """The plain words of ``text``: letters and digits only, so no query syntax survives."""
    return TOKEN.findall(normalise(text))


def singular(word: str) -> str:
    """A plural's singular by English rules ("boxes", "batteries", "headphones" stay usable:
    callers keep the form the vocabulary knows)."""
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _amount(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None


@dataclass(frozen=True)
class PriceWords:
    text: str  # the query without its price phrases
    price_min: Decimal | None
    price_max: Decimal | None
    cheap: bool


def price_words(text: str) -> PriceWords:
    """Price phrases of a (normalised) query as bounds: "under 50", "over 100", "between 20 and
    50"; "cheap" and its kin as a wish for low prices."""
    price_min = price_max = None
    if match := _BETWEEN.search(text):
        low, high = _amount(match.group(1)), _amount(match.group(2))
        if low is not None and high is not None:
            price_min, price_max = min(low, high), max(low, high)
        text = text[: match.start()] + " " + text[match.end() :]
    if match := _UNDER.search(text):
        price_max = _amount(match.group(1))
        text = text[: match.start()] + " " + text[match.end() :]
    if match := _OVER.search(text):
        price_min = _amount(match.group(1))
        text = text[: match.start()] + " " + text[match.end() :]
    words = text.split()
    cheap = any(word in CHEAP_WORDS for word in words)
    if cheap:
        text = " ".join(word for word in words if word not in CHEAP_WORDS)
    return PriceWords(text=text, price_min=price_min, price_max=price_max, cheap=cheap)
