"""Text normalisation for short texts customers write: chat messages and product reviews.

The assistant's rules and intent model, and the review sentiment model, all read text through
:func:`normalise`, so a pattern, a training phrase or a review written in plain lower-case
English matches however the customer typed it: full-width characters, curly quotes, pasted
HTML, "dont", "pls", "u" or "soooo". It lives here, outside both packages, because both depend
on it and neither should depend on the other. Everything is a handful of compiled regular
expressions: the whole function runs in microseconds.

Changing the output changes what saved models were trained on: bump the model format version
of every package that uses it, so their old model files are retrained rather than misread.
"""

from __future__ import annotations

import re
import unicodedata

_HTML_TAG = re.compile(r"<[^>]{0,200}>")
_HTML_ENTITY = re.compile(r"&(?:nbsp|amp|lt|gt|quot|#39|apos);")
_HTML_ENTITIES = {
    "&nbsp;": " ",
    "&amp;": "&",
    "&lt;": "<",
    "&gt;": ">",
    "&quot;": '"',
    "&#39;": "'",
    "&apos;": "'",
}
# Unicode categories Cc (control), Cf (format, e.g. zero-width space) and Co/Cs/Cn.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn"})
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_WHITESPACE = re.compile(r"\s+")
# Three or more of the same letter ("sooooo", "pleeease") become two: rare in English words,
# and two keeps "good", "need" and "too" intact.
_ELONGATED = re.compile(r"([a-z])\1{2,}")

# Contractions first (they contain apostrophes), then the apostrophe-less shorthand that
# customers type. Word boundaries keep order codes and longer words intact.
_CONTRACTIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"\bwon't\b", "will not"),
        (r"\bcan't\b", "cannot"),
        (r"\bshan't\b", "shall not"),
        (r"\bain't\b", "is not"),
        (r"n't\b", " not"),
        (r"\bi'm\b", "i am"),
        (r"\blet's\b", "let us"),
        (r"'re\b", " are"),
        (r"'ve\b", " have"),
        (r"'ll\b", " will"),
        (r"'d\b", " would"),
    )
)
_SHORTHAND: dict[str, str] = {
    "dont": "do not",
    "doesnt": "does not",
    "didnt": "did not",
    "cant": "cannot",
    "wont": "will not",
    "isnt": "is not",
    "wasnt": "was not",
    "havent": "have not",
    "hasnt": "has not",
    "hadnt": "had not",
    "arent": "are not",
    "werent": "were not",
    "couldnt": "could not",
    "shouldnt": "should not",
    "wouldnt": "would not",
    "im": "i am",
    "ive": "i have",
    "youre": "you are",
    "whats": "what is",
    "wheres": "where is",
    "hows": "how is",
    "u": "you",
    "ur": "your",
    "r": "are",
    "pls": "please",
    "plz": "please",
    "pleas": "please",
    "thx": "thanks",
    "thnx": "thanks",
    "thanx": "thanks",
    "ty": "thank you",
    "wanna": "want to",
    "gonna": "going to",
    "gotta": "got to",
    "cuz": "because",
    "coz": "because",
    "recieve": "receive",
    "recieved": "received",
    "adress": "address",
    "adres": "address",
    "delievery": "delivery",
    "delivary": "delivery",
    "refud": "refund",
    "ordr": "order",
    "oder": "order",
    "paymnet": "payment",
    "passwrod": "password",
}
_SHORTHAND_PATTERN = re.compile(r"\b(" + "|".join(map(re.escape, _SHORTHAND)) + r")\b")


def _strip_markup(text: str) -> str:
    text = _HTML_TAG.sub(" ", text)
    return _HTML_ENTITY.sub(lambda match: _HTML_ENTITIES[match.group(0)], text)


def clean(text: str) -> str:
    """NFKC-fold, drop markup and invisible characters, collapse whitespace; keep the case.

    The tone scorer and the order-number extractor need the customer's capitals (shouting,
    upper-case codes), so they start from this rather than from :func:`normalise`.
    """
    text = unicodedata.normalize("NFKC", text)
    text = _strip_markup(text)
    text = "".join(
        " " if unicodedata.category(char) in _INVISIBLE_CATEGORIES else char for char in text
    )
    return _WHITESPACE.sub(" ", text.translate(_QUOTES)).strip()


def normalise(text: str) -> str:
    """Return the canonical lower-case form of a customer message (idempotent)."""
    text = clean(text).lower()
    text = _ELONGATED.sub(r"\1\1", text)
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    text = _SHORTHAND_PATTERN.sub(lambda match: _SHORTHAND[match.group(1)], text)
    return _WHITESPACE.sub(" ", text).strip()


_NOT_WORD = re.compile(r"[^\w\s]|_")
_DIGITS = re.compile(r"\d+")


def duplicate_key(text: str) -> str:
    """The form under which two texts count as the same example: fully normalised.

    On top of :func:`normalise`: punctuation dropped, every run of digits one ``0``,
    whitespace collapsed. So "Hello?", "hello!!" and "HELLO" are one example, and so are
    "size 42 please" and "size 44 please": a test set line that differs from a training line
    only in those ways measures memory, not generalisation.
    """
    text = _DIGITS.sub("0", _NOT_WORD.sub(" ", normalise(text)))
    return _WHITESPACE.sub(" ", text).strip()
