"""The shop's vocabulary, as the constraint extractor needs it: a small, framework-free input.

The catalogue (product types, attributes, variants, shipping zones) lives on the Django side
and is changing; the extractor only needs its words. The Django side builds one
:class:`ShopVocabulary` from the catalogue (and django-countries for country names) with
:meth:`ShopVocabulary.build` and hands it to the :class:`~.dialogue.Assistant`; tests and the
labelled constraint set build their own. Matching is done on normalised text, longest phrase
first, and a term may have aliases ("tv" for "Television", "gray" for "grey").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from shop.ml.text import normalise

# Words after which a trailing head noun would be too vague to stand for a product type.
_VAGUE_HEADS = frozenset(
    {"set", "case", "kit", "book", "game", "bag", "light", "bed", "pan", "run", "bank", "machine",
     "adventure", "science", "mask", "mist", "toilette", "reel"}
)  # fmt: skip


def term_key(text: str) -> str:
    """How a vocabulary term and a message are compared: normalised, '&' and '-' as spaces."""
    return " ".join(re.sub(r"[^\w\s'.\"]", " ", normalise(text).replace("&", " and ")).split())


def _number_forms(word: str) -> set[str]:
    """A noun in the singular and the plural (whichever it was given in)."""
    if word.endswith("ss") or not word.isalpha():
        return {word, word + "es"} if word.isalpha() else {word}
    if word.endswith("s"):
        return {word, word[:-1]}  # "headphones"/"headphone", "shoes"/"shoe"
    if word.endswith(("x", "z", "ch", "sh")):
        return {word, word + "es"}
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return {word, word[:-1] + "ies"}
    return {word, word + "s"}


def forms(term: str) -> set[str]:
    """A term's matchable forms: its last word singular and plural, and two words also joined
    up ("hair dryer" also matches "hairdryers")."""
    words = term_key(term).split()
    if not words:
        return set()
    found = {" ".join([*words[:-1], last]) for last in _number_forms(words[-1])}
    if len(words) == 2:
        found |= {words[0] + last for last in _number_forms(words[1])}
    return found


@dataclass(frozen=True)
class ShopVocabulary:
    """The words of the shop's catalogue (not slotted: the phrase tables are cached on it).

    ``product_types``: canonical type name -> aliases customers use for it; a phrase may stand
    for several types ("jacket" for "Running Jacket" and "Waxed Jacket").
    ``colours``, ``sizes``: canonical value -> aliases ("grey": ["gray"], "EU 42": ["42"]).
    ``attributes``: attribute name -> its values ("material": ["leather", "merino"]).
    ``countries``: country name or alias -> ISO 3166 code ("canada": "CA", "usa": "US").
    """

    product_types: Mapping[str, Sequence[str]] = field(default_factory=dict)
    brands: Sequence[str] = ()
    colours: Mapping[str, Sequence[str]] = field(default_factory=dict)
    sizes: Mapping[str, Sequence[str]] = field(default_factory=dict)
    attributes: Mapping[str, Sequence[str]] = field(default_factory=dict)
    countries: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        *,
        product_types: Iterable[str] = (),
        type_aliases: Mapping[str, Sequence[str]] | None = None,
        brands: Iterable[str] = (),
        colours: Mapping[str, Sequence[str]] | Iterable[str] = (),
        sizes: Mapping[str, Sequence[str]] | Iterable[str] = (),
        attributes: Mapping[str, Sequence[str]] | None = None,
        countries: Mapping[str, str] | None = None,
    ) -> ShopVocabulary:
        """A vocabulary from plain catalogue names, with head-noun aliases derived.

        Each multi-word type also answers to its last word ("Wireless Headphones" to
        "headphones"), unless that word is too vague alone ("case", "set"); ``type_aliases``
        adds synonyms by hand ("Wireless Headphones": ["headset"]).
        """
        types: dict[str, list[str]] = {}
        for name in product_types:
            words = term_key(name).split()
            last = words[-1] if len(words) > 1 else ""
            head = [last] if last.isalpha() and last not in _VAGUE_HEADS else []
            types[name] = [*head, *(type_aliases or {}).get(name, ())]
        return cls(
            product_types=types,
            brands=tuple(brands),
            colours=_mapping(colours),
            sizes=_mapping(sizes),
            attributes={k: tuple(v) for k, v in (attributes or {}).items()},
            countries={term_key(k): v for k, v in (countries or {}).items()},
        )

    @cached_property
    def type_phrases(self) -> dict[str, tuple[str, ...]]:
        """Matchable phrase -> the canonical types it stands for."""
        return _phrases({name: [name, *aliases] for name, aliases in self.product_types.items()})

    @cached_property
    def brand_phrases(self) -> dict[str, tuple[str, ...]]:
        return _phrases({brand: [brand] for brand in self.brands}, plural=False)

    @cached_property
    def colour_phrases(self) -> dict[str, tuple[str, ...]]:
        return _phrases({c: [c, *aliases] for c, aliases in self.colours.items()}, plural=False)

    @cached_property
    def size_phrases(self) -> dict[str, tuple[str, ...]]:
        return _phrases({s: [s, *aliases] for s, aliases in self.sizes.items()}, plural=False)

    @cached_property
    def attribute_phrases(self) -> dict[str, tuple[str, ...]]:
        """Matchable value -> ``"attribute=value"`` entries."""
        entries = {
            f"{name}={value}": [value]
            for name, values in self.attributes.items()
            for value in values
        }
        return _phrases(entries, plural=False)


def _mapping(value: Mapping[str, Sequence[str]] | Iterable[str]) -> dict[str, tuple[str, ...]]:
    if isinstance(value, Mapping):
        return {str(k): tuple(v) for k, v in value.items()}
    return {str(item): () for item in value}


def _phrases(
    entries: Mapping[str, Sequence[str]], *, plural: bool = True
) -> dict[str, tuple[str, ...]]:
    found: dict[str, set[str]] = {}
    for canonical, terms in entries.items():
        for term in terms:
            for form in forms(term) if plural else {term_key(term)}:
                if form:
                    found.setdefault(form, set()).add(canonical)
    return {phrase: tuple(sorted(names)) for phrase, names in found.items()}
