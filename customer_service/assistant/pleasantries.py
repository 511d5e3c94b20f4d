"""Politeness around a request, stripped before the intent model reads it (a candidate).

"Hello, I was hoping someone could explain how I go about sending back a jacket I bought last
week. Many thanks, Anna" asks the same as "how do I send back a jacket I bought last week"; the
greeting, the hedges and the sign-off only dilute the words that carry the request, and long
polite requests were the ones rejected as out of scope. The patterns are general English
politeness, not the training frames (``data/training/frames.yaml``): a request must survive
forms the training data never used. A message that is nothing but politeness is left as it is
(it is small talk, which the rules and the model's greeting/thanks/goodbye intents handle).

Works on normalised text (:func:`shop.ml.text.normalise`).
"""

from __future__ import annotations

import re

_NAME = r"(?:[a-z]+(?: [a-z]+)?)"
_OPENING = re.compile(
    r"^(?:(?:hi|hello|hey|hiya|heya|howdy|greetings|good (?:morning|afternoon|evening|day)"
    r"|dear (?:sir or madam|sir/madam|sir|madam|team|all|customer (?:service|support)"
    r"|brightcart(?: team)?|support(?: team)?)|to whom it may concern|hello again|hi again"
    r"|ok so|right|so|um+|er+|well)(?: there| team| all| guys| folks| everyone)?[\s,.!:;-]+)+"
)
_HEDGE_PHRASES = (
    r"i hope (?:you are|this (?:message |email )?finds you) (?:well|doing well|ok)",
    r"hope you are (?:well|doing well|having a (?:good|nice|great) day)",
    r"(?:i am )?sorry to (?:bother|trouble) you(?:,? but)?",
    r"sorry if this is a (?:silly|stupid) question",
    r"i (?:was )?(?:hoping|wondering) (?:if |whether )?(?:you|someone|somebody|anyone)"
    r" (?:could|can|might|would be able to)(?: help(?: me)?)?(?: with this)?",
    r"i (?:hope|wonder if) you can help(?: me)?",
    r"i have a (?:quick )?question",
    r"quick question",
    r"(?:can|could|would) (?:you|someone|somebody|anyone) (?:please )?"
    r"(?:help(?: me)?(?: out)?|assist(?: me)?)(?: with this| here)?(?=[\s,.:?!]|$)",
    r"any help (?:would be|is|will be) (?:much |greatly )?appreciated",
    r"(?:many |huge )?thanks? (?:you )?(?:so much |very much |a lot )?"
    r"(?:in advance|for (?:your|the) help)",
    r"i look forward to (?:hearing from you|your reply)",
    r"look forward to hearing from you",
    rf"(?:kind|best|warm) (?:regards|wishes)(?:,? {_NAME})?",
    rf"regards(?:,? {_NAME})?",
    rf"cheers,? {_NAME}",
    rf"yours (?:sincerely|faithfully)(?:,? {_NAME})?",
    r"if (?:that is|it is) (?:possible|ok)",
    r"if possible",
    r"please advise",
    r"please let me know",
    r"i (?:could not|cannot|did not) find (?:it|the answer|anything)"
    r" on (?:the|your) (?:website|site)",
    r"not sure if this is the right place(?: to ask)?(?:,? but)?",
    r"(?:i am )?writing from my phone(?: so)? (?:excuse|sorry for) (?:any|the) typos",
)
_HEDGES = re.compile(r"\b(?:" + "|".join(_HEDGE_PHRASES) + r")\b")
_CLOSING = re.compile(
    rf"[\s,.!]*(?:(?:many |huge )?thanks(?: a lot| so much)?|thank you(?: so much| very much)?"
    rf"|thx|ty|cheers|please|x+)(?:,? {_NAME})?[\s.!]*$"
)
_SPACES = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([.,!?])")
_PUNCT_RUNS = re.compile(r"^[\s,.:;!?-]+|[\s,.:;-]+$")
MIN_WORDS_LEFT = 2


def strip_pleasantries(normalised: str) -> str:
    """The request without greetings, hedges and sign-offs; unchanged if nothing would remain."""
    text = _OPENING.sub("", normalised)
    text = _HEDGES.sub(" ", text)
    text = _CLOSING.sub("", text)
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", _SPACES.sub(" ", text))
    text = _PUNCT_RUNS.sub("", text).strip()
    return text if len(text.split()) >= MIN_WORDS_LEFT else normalised
