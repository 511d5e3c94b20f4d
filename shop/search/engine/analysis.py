"""A shopper's query as terms to look for, with price bounds and the corrected query."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from decimal import Decimal

from .text import COUNT_UNITS, STOP_WORDS, normalise, price_words, tokenise
from .vocabulary import Vocabulary

MAX_TERMS = 8
MAX_TERM_LENGTH = 40


class TermKind(enum.StrEnum):
    EXACT = "exact"  # a catalogue word as typed (or its plural / singular)
    COMPOUND = "compound"  # joined or split: "hairdryer" is "hair dryer"
    CORRECTED = "corrected"  # a misspelling, corrected to a catalogue word
    UNKNOWN = "unknown"  # no catalogue word: looked for as typed, optional when loosening


@dataclass(frozen=True)
class Term:
    original: str  # what the shopper typed
    text: str  # what it means (shown in "Did you mean")
    forms: tuple[str, ...]  # what to look for; any one matching is enough
    kind: TermKind

    @property
    def known(self) -> bool:
        return self.kind is not TermKind.UNKNOWN

    @property
    def exact_forms(self) -> tuple[str, ...]:
        """The forms that are the shopper's own words (not a correction)."""
        if self.kind is TermKind.CORRECTED:
            return tuple(f for f in self.forms if f == self.original)
        return self.forms


@dataclass(frozen=True)
class Analysis:
    query: str
    terms: tuple[Term, ...] = ()
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    cheap: bool = False
    corrected_query: str | None = None  # the query with its misspellings corrected
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def corrected(self) -> bool:
        return self.corrected_query is not None

    @property
    def empty(self) -> bool:
        return not self.terms and self.price_min is None and self.price_max is None


def _with_synonyms(vocabulary: Vocabulary, key: str, forms: tuple[str, ...]) -> tuple[str, ...]:
    extra = vocabulary.synonyms.get(key, ())
    return tuple(dict.fromkeys((*forms, *extra)))


def _term(vocabulary: Vocabulary, word: str) -> Term:
    if word.isdigit():
        kind = TermKind.EXACT if word in vocabulary.counts else TermKind.UNKNOWN
        return Term(word, word, (word,), kind)
    if word in vocabulary.synonyms:
        known = vocabulary.knows(word) or word
        return Term(word, word, _with_synonyms(vocabulary, word, (known,)), TermKind.EXACT)
    if stem := vocabulary.knows(word):
        return Term(word, word, _with_synonyms(vocabulary, stem, (stem,)), TermKind.EXACT)
    if len(word) >= 6 and (spaced := vocabulary.split(word)):
        return Term(
            word, spaced, _with_synonyms(vocabulary, spaced, (spaced, word)), TermKind.COMPOUND
        )
    if corrected := vocabulary.correct(word):
        if corrected in vocabulary.compounds:
            spaced = vocabulary.compounds[corrected]
            compound = (spaced, corrected, word)
            forms = _with_synonyms(vocabulary, spaced, compound)
            return Term(word, spaced, forms, TermKind.CORRECTED)
        stem = vocabulary.knows(corrected) or corrected
        # The word as typed stays a form: it may still be in a description.
        forms = _with_synonyms(vocabulary, stem, (stem, word))
        return Term(word, corrected, forms, TermKind.CORRECTED)
    return Term(word, word, (word,), TermKind.UNKNOWN)


def _joined(vocabulary: Vocabulary, first: str, second: str) -> Term | None:
    """ "head phones" -> "headphones" when the catalogue knows the joined word and not both
    halves as its words (then it is two words, "hair dryer")."""
    joined = first + second
    if not (first.isalpha() and second.isalpha()):
        return None
    both_known = vocabulary.knows(first) and vocabulary.knows(second)
    stem = vocabulary.knows(joined)
    if stem and not both_known:
        return Term(f"{first} {second}", joined, (stem, f"{first} {second}"), TermKind.COMPOUND)
    return None


def analyse(text: str, vocabulary: Vocabulary, *, max_length: int = 200) -> Analysis:
    """Understand ``text`` (cut to ``max_length`` characters first, so any input is cheap)."""
    query = " ".join(text[:max_length].split())
    prices = price_words(normalise(query))
    tokens = [t[:MAX_TERM_LENGTH] for t in tokenise(prices.text)][: MAX_TERMS * 3]
    content = [t for t in tokens if t not in STOP_WORDS or t in vocabulary.brands]
    if not content:
        content = [t for t in tokens if vocabulary.knows(t)]
    terms: list[Term] = []
    i = 0
    while i < len(content) and len(terms) < MAX_TERMS:
        word = content[i]
        following = content[i + 1] if i + 1 < len(content) else None
        if word.isdigit() and following in COUNT_UNITS:
            unit = COUNT_UNITS[following]
            phrase = f"{word} {unit}"
            forms = (phrase, f"{word}-{unit}")
            terms.append(Term(f"{word} {following}", phrase, forms, TermKind.EXACT))
            i += 2
            continue
        if following and (joined := _joined(vocabulary, word, following)):
            terms.append(joined)
            i += 2
            continue
        term = _term(vocabulary, word)
        if term.text not in {t.text for t in terms}:
            terms.append(term)
        i += 1
    corrections = {t.original: t.text for t in terms if t.kind is TermKind.CORRECTED}
    corrected_query = None
    if corrections:
        corrected_query = " ".join(corrections.get(w, w) for w in tokenise(query))
    return Analysis(
        query=query,
        terms=tuple(terms),
        price_min=prices.price_min,
        price_max=prices.price_max,
        cheap=prices.cheap,
        corrected_query=corrected_query,
    )
