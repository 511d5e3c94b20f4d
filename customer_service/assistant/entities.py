"""Entity extraction: order numbers, e-mails, references to a listed order, voucher codes,
search queries.

Product constraints (type, brand, colour, size, price, people) are in :mod:`.constraints`.

Order numbers look like ``ORD-7K4M9QX2``: the prefix ``ORD``, a hyphen and eight characters
from an alphabet without the look-alikes I, O, 0 and 1. Customers type them in lower case,
with a space or nothing instead of the hyphen, or behind a ``#``; all of those are returned
in the canonical upper-case form.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from .normalise import clean
from .state import plain

if TYPE_CHECKING:  # constraints.py imports this module's masking functions
    from .constraints import ProductConstraints


@dataclass(frozen=True, slots=True)
class Entities:
    """What the assistant pulled out of the message for the Django side to act on.

    ``order_index`` is a 0-based position in the list of recent orders the Django side showed
    (newest first) when the customer answers "the latest one" instead of giving a number.
    """

    order_number: str | None = None
    order_index: int | None = None
    query: str | None = None
    email: str | None = None
    country: str | None = None  # ISO 3166 code, from the vocabulary's country names
    voucher_code: str | None = None  # as typed ("SUMMER10"); the shop compares without case
    # Filters for a product question (product_search, recommendation); see constraints.py.
    constraints: ProductConstraints | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON types: prices as strings of euros (exact), enums as their values."""
        return dict(plain(asdict(self)))


ORDER_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
ORDER_CODE_LENGTH = 8
ORDER_PREFIX = "ORD"

_CODE = f"[{ORDER_ALPHABET}]{{{ORDER_CODE_LENGTH}}}"
# Case-insensitive: with re.IGNORECASE the class still excludes "i" and "o", as "I" and "O"
# are not in it. The look-arounds stop a match inside a longer token.
_PREFIXED = re.compile(
    rf"(?<![A-Z0-9])#?\s?{ORDER_PREFIX}[\s_-]?({_CODE})(?![A-Z0-9])", re.IGNORECASE
)
_HASHED = re.compile(rf"#\s?({_CODE})(?![A-Z0-9])", re.IGNORECASE)
_BARE = re.compile(rf"(?<![A-Z0-9#-])({_CODE})(?![A-Z0-9])", re.IGNORECASE)
_DIGIT = re.compile(r"\d")

ORDER_NUMBER_PLACEHOLDER = "ordernumber"
EMAIL_PLACEHOLDER = "emailaddress"
# Pragmatic, not RFC 5322: what customers type into a chat ("anna.k+shop@mail.example.org").
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")


def extract_email(text: str) -> str | None:
    """The first e-mail address in ``text``, lower-cased, or ``None``."""
    match = _EMAIL.search(clean(text))
    return match.group(0).lower() if match else None


def mask_emails(text: str) -> str:
    """Replace every e-mail address with one placeholder word, as order numbers are."""
    return _EMAIL.sub(f" {EMAIL_PLACEHOLDER} ", text)


def _canonical(code: str) -> str:
    return f"{ORDER_PREFIX}-{code.upper()}"


def _looks_like_code(token: str) -> bool:
    """Tell a bare code from an ordinary word of eight letters ("purchase" fits the alphabet).

    A code with a digit, or typed in capitals, is taken; a lower-case all-letter token is not.
    About one real code in ten has no digit; a customer can still type it with ``ORD`` or ``#``.
    """
    return bool(_DIGIT.search(token)) or token.isupper()


def extract_order_number(text: str, *, allow_bare: bool = False) -> str | None:
    """Return the first order number in ``text`` as ``ORD-XXXXXXXX``, or ``None``.

    ``allow_bare`` also accepts the eight-character code alone; the dialogue sets it only
    when it has just asked for an order number, where a lone code cannot mean anything else.
    """
    text = clean(text)
    match = _PREFIXED.search(text) or _HASHED.search(text)
    if match:
        return _canonical(match.group(1))
    if allow_bare:
        for candidate in _BARE.finditer(text):
            if _looks_like_code(candidate.group(1)):
                return _canonical(candidate.group(1))
    return None


def mask_order_numbers(text: str) -> str:
    """Replace every order number with one placeholder word.

    The classifier learns "where is ordernumber" instead of memorising random codes, whose
    character n-grams would otherwise be noise.
    """
    text = _PREFIXED.sub(f" {ORDER_NUMBER_PLACEHOLDER} ", text)
    return _HASHED.sub(f" {ORDER_NUMBER_PLACEHOLDER} ", text)


# --- Voucher codes ----------------------------------------------------------------------------

_TOKEN = r"[A-Za-z0-9][A-Za-z0-9_-]{2,39}"  # what a voucher code can be (at most 40 long)
_NAMED_CODE = re.compile(
    r"\b(?:voucher|coupon|promo(?:tion(?:al)?)?|discount|gift)?\s*code[s]?\s*(?:is\s+)?[:#]?\s*"
    rf"[\"'\u201c]?({_TOKEN})|\b(?:voucher|coupon)\s*[:#]?\s*[\"'\u201c]?({_TOKEN})",
    re.IGNORECASE,
)
# Curly single quotes reach here straightened by ``clean``; curly double quotes do not.
_QUOTED_CODE = re.compile(rf"[\"'\u201c]({_TOKEN})[\"'\u201d]")
_ANY_TOKEN = re.compile(rf"(?<![\w-])({_TOKEN})(?![\w-])")
_LETTER = re.compile(r"[A-Za-z]")


def _code_like(token: str, *, shouting: bool) -> bool:
    """A token that reads as a code: letters with digits ("SUMMER10"), or a word in capitals
    in a message that is not shouted ("WELCOME"); never an order number."""
    if extract_order_number(token):
        return False
    if _DIGIT.search(token) and _LETTER.search(token):
        return True
    return not shouting and token.isupper() and len(token) >= 4


def extract_voucher_code(text: str, *, alone: bool = False) -> str | None:
    """The voucher code in ``text``: quoted, or right after "code"/"voucher", or a code-like
    token anywhere; ``alone`` (the assistant has just asked for the code) also takes a
    message that is one token, whatever its case ("welcome")."""
    text = clean(text).strip(" .!?")
    shouting = text.isupper()
    if alone and _ANY_TOKEN.fullmatch(text) and not extract_order_number(text):
        return text
    for match in _QUOTED_CODE.finditer(text):
        return match.group(1)
    for match in _NAMED_CODE.finditer(text):
        token = match.group(1) or match.group(2)
        if _code_like(token, shouting=shouting):
            return token
    for match in _ANY_TOKEN.finditer(text):
        if _code_like(match.group(1), shouting=shouting):
            return match.group(1)
    return None


# --- Choosing from the list of recent orders ---------------------------------------------------

# The Django side lists recent orders newest first, so "latest" and "first" are both index 0.
# "Last" is read as "most recent" ("my last order"), which is what customers mean by it.
_ORDINALS: tuple[tuple[re.Pattern[str], int], ...] = tuple(
    (re.compile(pattern), index)
    for pattern, index in (
        (r"\b(second|2nd|two)\b", 1),
        (r"\b(third|3rd|three)\b", 2),
        (r"\b(fourth|4th|four)\b", 3),
        (r"\b(fifth|5th|five)\b", 4),
        (r"\b(first|1st|one|latest|last|newest|most recent|recent|top)\b", 0),
    )
)
_LIST_NUMBER = re.compile(r"^(?:number |no\.? |#)?([1-9])\.?$")
_MAX_ORDER_REFERENCE_WORDS = 8


def extract_order_index(normalised: str) -> int | None:
    """Return the 0-based position in the listed orders that a short reply points at.

    Only short replies count ("the first one", "my latest order", "2"), so a whole new
    question that happens to contain "one" is not taken as a choice.
    """
    if len(normalised.split()) > _MAX_ORDER_REFERENCE_WORDS:
        return None
    number = _LIST_NUMBER.match(normalised)
    if number:
        return int(number.group(1)) - 1
    for pattern, index in _ORDINALS:
        if pattern.search(normalised):
            return index
    return None


# --- Product search queries -------------------------------------------------------------------

_QUERY_LEADS = re.compile(
    r"^(?:(?:hi|hello|hey|please|so|ok|okay|um|and|also)\b[\s,]*)*"
    r"(?:(?:can|could|would) you (?:please )?)?"
    r"(?:"
    r"do you (?:guys |still |currently )?(?:have|sell|stock|carry|do|offer)"
    r"|have you (?:got|any)|you got|got"
    r"|(?:i am|we are|am) (?:looking|searching|hunting|shopping) (?:for|around for)"
    r"|(?:looking|searching|hunting) for"
    r"|(?:i|we) (?:want|need|would like|wish) (?:to (?:buy|order|get|find|see|purchase) )?"
    r"|(?:want|need) (?:to (?:buy|order|get|find|purchase) )?"
    r"|(?:show|find|get) (?:me|us)|show|find"
    r"|search(?: for| the shop for)?"
    r"|where (?:can|do) i (?:find|buy|get)"
    r"|(?:is|are) there"
    r"|(?:can|could) i (?:buy|get|order|find|see)"
    r"|(?:recommend|suggest)(?: me)?"
    r"|(?:any|what) (?:recommendations|suggestions) for"
    r"|what (?:would|do) you (?:recommend|suggest)(?: for)?"
    r"|(?:what is|which is) (?:the )?(?:best|a good)"
    r"|(?:can you |could you )?help me (?:find|choose|pick)(?: out)?"
    r"|what (?:would|is) (?:be )?(?:a )?(?:good|nice)"
    r"|when (?:do|will) you (?:restock|get more of|have more of|have more)"
    r"|i am after|after"
    r")\b\s*"
)
_QUERY_ARTICLES = re.compile(r"^(?:(?:a|an|some|any|the|me|us|good|nice)\b\s*)+")
_QUERY_TAILS = re.compile(
    r"(?:\s*\b(?:please|thanks|thank you|in stock|available|for sale|at the moment|right now"
    r"|on (?:your|the) (?:site|website|shop|store)|in (?:your|the) (?:shop|store)"
    r"|do you (?:have|sell) (?:any|them|it)|at all)\b|[\s?!.,]+)+$"
)

# What is left of "search for something" or "recommend me anything": no query at all.
_GENERIC_QUERIES = frozenset(
    {"something", "something else", "anything", "stuff", "things", "product", "products",
     "item", "items", "it", "them", "one", "something nice", "ideas"}
)  # fmt: skip


def extract_search_query(normalised: str) -> str | None:
    """Return what the customer is looking for, without the lead-in and politeness.

    "do you have red running shoes?" gives "red running shoes". ``None`` if nothing is left,
    in which case the Django side asks what to search for.
    """
    query = _QUERY_LEADS.sub("", normalised, count=1)
    query = _QUERY_ARTICLES.sub("", query)
    query = _QUERY_TAILS.sub("", query).strip(" ,.?!")
    return None if not query or query in _GENERIC_QUERIES else query
