"""Ordered patterns for the clear cases, tried before the classifier.

A rule is cheap, exact and explainable; the classifier is for everything else. Rules cover
what a statistical model handles badly or must never get wrong: an explicit request for a
person, yes/no inside a confirmation, an order number given on its own, a message that is
only "hi" or "thanks", a message that names a voucher or promo code (or, asked for one, gives
it). The table :data:`RULES` is tried top to bottom and the first match wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from .entities import (
    Entities,
    extract_order_index,
    extract_order_number,
    extract_voucher_code,
)
from .normalise import clean, normalise
from .schema import Awaiting, Intent


class DialogueAct(StrEnum):
    """An answer to the assistant's own question rather than a new request."""

    AFFIRM = "affirm"
    DENY = "deny"
    ORDER_REFERENCE = "order_reference"  # an order number or "the latest one"


@dataclass(frozen=True, slots=True)
class RuleMatch:
    """The outcome of a rule: either an intent or a dialogue act, with any entities."""

    rule: str
    intent: Intent | None = None
    act: DialogueAct | None = None
    entities: Entities = field(default_factory=Entities)


@dataclass(frozen=True, slots=True)
class RuleInput:
    """A message in the forms the rules need, with what the dialogue is waiting for."""

    normalised: str
    cleaned: str  # case kept, for order codes typed in capitals
    words: str  # normalised, without punctuation, for whole-message patterns
    awaiting: Awaiting | None = None

    @classmethod
    def from_message(cls, message: str, awaiting: Awaiting | None = None) -> RuleInput:
        normalised = normalise(message)
        words = " ".join(_PUNCTUATION.sub(" ", normalised).split())
        return cls(normalised, clean(message), words, awaiting)


_PUNCTUATION = re.compile(r"[^\w\s'-]")

# --- Explicit requests for a person -----------------------------------------------------------

_PERSON = (
    r"(?:(?:a|an|the|some|your|any|real|actual|live|human|proper)\s+)*"
    r"(?:human(?: being)?|person|people|agent|representative|rep|operator|someone|somebody"
    r"|staff|advisor|adviser|manager|supervisor|team member|customer (?:service|support|care)"
    r"(?: team| agent| rep)?|support (?:team|agent)|employee)"
)
_HUMAN_REQUEST = re.compile(
    r"\b(?:"
    rf"(?:talk|speak|chat|get through|connect me|put me through|transfer me|escalate)"
    rf"(?:\s+(?:to|with))?\s+{_PERSON}"
    rf"|(?:want|need|get|give me|find me|request|can i have|may i have)\s+{_PERSON}\b"
    r"|real (?:person|human)|actual (?:person|human)|live (?:agent|chat|person|support)"
    r"|human agent|not (?:a|this|the) (?:bot|robot|machine)|no more bots?"
    r"|not want (?:to (?:talk|speak|chat) (?:to|with) )?(?:a |the |this |your )?"
    r"(?:bot|robot|machine)"
    r"|(?:stop|enough)[\s,]+(?:with the |talking to (?:a |the )?)?(?:bot|robot)"
    r")\b"
)
_HUMAN_ALONE = re.compile(
    r"^(?:(?:an?|the|please|now|hello|hi)\s+)*"
    r"(?:human|agent|operator|representative|person|staff|live agent|customer service)"
    r"(?:\s+(?:please|now|pls))*$"
)
# "an agent" is a request; "a travel agent" or "the person who delivered" is not.
_NOT_A_REQUEST = re.compile(r"\b(?:travel|estate|real estate|secret|insurance) agent\b")


def match_human_request(words: str) -> bool:
    """True when the customer asks for a person, in any of the usual ways."""
    if _NOT_A_REQUEST.search(words):
        return False
    return bool(_HUMAN_ALONE.match(words) or _HUMAN_REQUEST.search(words))


# --- Yes and no -------------------------------------------------------------------------------

_MAX_ANSWER_WORDS = 10
_YES_FIRST = frozenset(
    {"yes", "yeah", "yep", "yup", "ya", "yea", "y", "sure", "ok", "okay", "k", "correct",
     "absolutely", "definitely", "affirmative", "right", "confirm", "confirmed", "done"}
)  # fmt: skip
_NO_FIRST = frozenset({"no", "nope", "nah", "n", "negative", "never", "cancel", "stop", "wait"})
_NO_PHRASES = re.compile(
    r"^(?:please )?do not\b|\b(?:do not (?:cancel|do it|do that|go ahead|want to cancel)"
    r"|not cancel|keep (?:it|the order|my order|them|that)"
    r"|never ?mind|changed my mind|change of mind|forget (?:it|that|about it)|leave it"
    r"|not sure|not yet|hold on|on second thought|rather not)\b"
)
_YES_PHRASES = re.compile(
    r"\b(?:go ahead|please do|do it|cancel it|yes please|of course|that is right|that is it"
    r"|that one|sounds good|i am sure|i confirm|signed in|logged in|i am in|all done|done)\b"
)


def match_yes_no(words: str) -> DialogueAct | None:
    """Read a short reply to a yes/no question as AFFIRM or DENY, or ``None`` if unclear.

    "Cancel" alone is read as DENY: in a confirmation dialog it is the button that backs out,
    and cancelling an order by mistake is the worse error.
    """
    tokens = words.split()
    if not tokens or len(tokens) > _MAX_ANSWER_WORDS:
        return None
    if tokens[0] in _NO_FIRST and not (tokens[0] == "cancel" and len(tokens) > 1):
        return DialogueAct.DENY
    if _NO_PHRASES.search(words):
        return DialogueAct.DENY
    if tokens[0] in _YES_FIRST or _YES_PHRASES.search(words):
        return DialogueAct.AFFIRM
    return None


# --- Small talk that is the whole message -----------------------------------------------------

_GREETING = (
    r"hi|hello|hey|heya|hiya|howdy|yo|greetings|hallo|hola|good (?:morning|afternoon|evening|day)"
    r"|morning|afternoon|evening|what is up|sup|how are you(?: doing| today)?|how is it going"
)
_THANKS = (
    r"thanks|thank you|thankyou|cheers|ta|much appreciated|appreciate it|appreciated"
    r"|many thanks|that (?:helps|helped|is helpful|was helpful)|you are a star|legend"
)
_GOODBYE = (
    r"bye|goodbye|good bye|bye bye|byebye|see you(?: later| soon)?|see ya|cya|later|farewell"
    r"|take care|good night|goodnight|have a (?:nice|good|great) (?:day|evening|weekend|one)"
    r"|that is all|that is everything|nothing else|i am done|all good|talk later"
)
_FILLER = (
    r"ok|okay|great|cool|perfect|awesome|brilliant|lovely|nice|excellent|fab|super|wonderful"
    r"|so much|very much|a lot|a bunch|again|there|all|everyone|guys|team|folks|friend|bot"
    r"|for (?:your|the|all the|all your) help|for helping(?: me)?|and|oh|well|then|please"
    r"|for now|too|mate"
)
_SMALL_TALK = re.compile(rf"^(?:(?:{_GREETING}|{_THANKS}|{_GOODBYE}|{_FILLER})\b\s*)+$")
_HAS_GOODBYE = re.compile(rf"\b(?:{_GOODBYE})\b")
_HAS_THANKS = re.compile(rf"\b(?:{_THANKS})\b")
_HAS_GREETING = re.compile(rf"\b(?:{_GREETING})\b")


def match_small_talk(words: str) -> Intent | None:
    """Return greeting, thanks or goodbye if the message is nothing but small talk.

    "thanks, bye" is a goodbye (the conversation is ending); "hi, where is my parcel" is not
    small talk at all and goes to the classifier.
    """
    if not _SMALL_TALK.match(words):
        return None
    if _HAS_GOODBYE.search(words):
        return Intent.GOODBYE
    if _HAS_THANKS.search(words):
        return Intent.THANKS
    if _HAS_GREETING.search(words):
        return Intent.GREETING
    return None


# --- A message that is only an order number ---------------------------------------------------

_MAX_REFERENCE_WORDS = 6
_ORDER_NUMBER_ONLY = re.compile(
    r"^(?:(?:my|the|order|number|no|num|is|it is|here|here is|for|#|please|ref|reference)\b\s*)*"
    r"(?:#\s?(?:ord[\s_-]?)?|ord[\s_-]?)[a-z0-9]{8}[\s.?!]*(?:please)?$"
)


# --- Voucher and promo codes ------------------------------------------------------------------

_VOUCHER_NOUN = re.compile(
    r"\b(?:vouchers?|coupons?|(?:promo|promotion|promotional|discount|gift|voucher|coupon)"
    r" codes?)\b"
)
# "a voucher instead of a refund", "return it for a gift voucher": returns, not codes.
_NOT_A_CODE = re.compile(r"\b(?:refund\w*|return\w*|send\w* back|exchang\w*)\b")
_MAX_CODE_ANSWER_WORDS = 6


def match_voucher(words: str) -> bool:
    """True when the message is about a voucher or promo code (not a return paid as one)."""
    return bool(_VOUCHER_NOUN.search(words)) and not _NOT_A_CODE.search(words)


# --- The ordered table ------------------------------------------------------------------------


def _human_request(message: RuleInput) -> RuleMatch | None:
    if match_human_request(message.words):
        return RuleMatch("human_request", intent=Intent.CONTACT_HUMAN)
    return None


def _confirmation_answer(message: RuleInput) -> RuleMatch | None:
    act = match_yes_no(message.words)
    return RuleMatch("yes_no", act=act) if act else None


def _signed_in(message: RuleInput) -> RuleMatch | None:
    """After "please sign in", only a go-ahead matters; anything else is a new request."""
    act = match_yes_no(message.words)
    return RuleMatch("signed_in", act=act) if act is DialogueAct.AFFIRM else None


def _order_reference(message: RuleInput) -> RuleMatch | None:
    """An answer to "which order?": a number, a bare code or "the latest one".

    A longer message with a number in it ("actually cancel ORD-...") is a new request: the
    classifier reads it, and the number still reaches the decision as an entity.
    """
    if len(message.words.split()) > _MAX_REFERENCE_WORDS:
        return None
    number = extract_order_number(message.cleaned, allow_bare=True)
    if number:
        return RuleMatch(
            "order_reference", act=DialogueAct.ORDER_REFERENCE, entities=Entities(number)
        )
    index = extract_order_index(message.words)
    if index is not None:
        return RuleMatch(
            "order_reference",
            act=DialogueAct.ORDER_REFERENCE,
            entities=Entities(order_index=index),
        )
    return None


def _order_number_only(message: RuleInput) -> RuleMatch | None:
    if not _ORDER_NUMBER_ONLY.match(message.normalised):
        return None
    number = extract_order_number(message.cleaned)
    if number is None:
        return None
    return RuleMatch("order_number_only", intent=Intent.ORDER_STATUS, entities=Entities(number))


def _small_talk(message: RuleInput) -> RuleMatch | None:
    intent = match_small_talk(message.words)
    return RuleMatch("small_talk", intent=intent) if intent else None


def _voucher_code_answer(message: RuleInput) -> RuleMatch | None:
    """An answer to "which code did you try?": a short message with the code in it."""
    if len(message.words.split()) > _MAX_CODE_ANSWER_WORDS:
        return None
    code = extract_voucher_code(message.cleaned, alone=True)
    if code is None:
        return None
    return RuleMatch("voucher_code", intent=Intent.VOUCHER, entities=Entities(voucher_code=code))


def _voucher(message: RuleInput) -> RuleMatch | None:
    if not match_voucher(message.words):
        return None
    code = extract_voucher_code(message.cleaned)
    return RuleMatch("voucher", intent=Intent.VOUCHER, entities=Entities(voucher_code=code))


@dataclass(frozen=True, slots=True)
class Rule:
    """One row of the table: a matcher and the dialogue states in which it applies."""

    matcher: Callable[[RuleInput], RuleMatch | None]
    when_awaiting: frozenset[Awaiting] | None = None  # None: in every state


RULES: tuple[Rule, ...] = (
    # A person is always one message away, whatever the assistant was asking.
    Rule(_human_request),
    Rule(_confirmation_answer, frozenset({Awaiting.CONFIRM_CANCEL})),
    Rule(_signed_in, frozenset({Awaiting.SIGN_IN})),
    Rule(_order_reference, frozenset({Awaiting.ORDER_NUMBER})),
    Rule(_voucher_code_answer, frozenset({Awaiting.VOUCHER_CODE})),
    Rule(_order_number_only),
    Rule(_small_talk),
    Rule(_voucher),
)


def apply_rules(message: RuleInput) -> RuleMatch | None:
    """Return the first matching rule's result for this message and dialogue state."""
    for rule in RULES:
        if rule.when_awaiting is not None and message.awaiting not in rule.when_awaiting:
            continue
        match = rule.matcher(message)
        if match is not None:
            return match
    return None
