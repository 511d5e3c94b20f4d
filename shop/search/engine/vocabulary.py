"""The words the catalogue uses, with their compounds and a spelling index (SymSpell)."""

from __future__ import annotations

import bisect
import itertools
import math
from collections import Counter
from collections.abc import Iterable

from symspellpy import SymSpell, Verbosity

from .text import singular, tokenise

# Algolia's defaults: one typo from 4 letters, two from 8; shorter words are taken as typed.
# The length is the longer of the word typed and the catalogue word it may mean: a shopper who
# dropped two letters of "botanika" typed 6 or 7, and the word meant still has its 8.
ONE_TYPO_FROM = 4
TWO_TYPOS_FROM = 8
MIN_COMPOUND_PART = 3
MAX_PARTS = 4


def typo_budget(word: str, meant: str = "") -> int:
    """How many typos ``word`` may hold when it means ``meant`` (any word when empty). A word
    typed shorter than ``ONE_TYPO_FROM`` is taken as typed whatever it may mean."""
    if len(word) < ONE_TYPO_FROM:
        return 0
    return 2 if max(len(word), len(meant)) >= TWO_TYPOS_FROM else 1


class Vocabulary:
    """Known words with their frequency in the catalogue, the stems they answer to ("blenders"
    and "blender" are one), joined compounds of known phrases ("hairdryer" -> "hair dryer"),
    synonym groups and a SymSpell index over all of them."""

    def __init__(
        self,
        counts: Counter[str],
        compounds: dict[str, str],
        synonyms: dict[str, tuple[str, ...]],
        brands: frozenset[str] = frozenset(),
    ) -> None:
        self.counts = counts
        self.compounds = compounds
        self.synonyms = synonyms
        self.brands = brands
        self.stems: dict[str, str] = {}
        for word, _count in counts.most_common():
            self.stems.setdefault(singular(word), word)
        self._sorted = sorted(counts)
        self._speller = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
        for word, count in counts.items():
            if len(word) >= ONE_TYPO_FROM:
                self._speller.create_dictionary_entry(word, count)
        for joined in compounds:
            # Below the words themselves: "hairdryr" is a typo of the compound, not of a word.
            self._speller.create_dictionary_entry(joined, 1)

    @classmethod
    def build(
        cls,
        phrases: Iterable[tuple[str, int]],
        *,
        synonym_groups: Iterable[Iterable[str]] = (),
        brands: Iterable[str] = (),
    ) -> Vocabulary:
        """From ``(phrase, weight)`` pairs: product type names, attribute values, brands,
        category names and product titles (weight: how many products carry it)."""
        counts: Counter[str] = Counter()
        compounds: dict[str, str] = {}
        for phrase, weight in phrases:
            words = tokenise(phrase)
            for word in words:
                counts[word] += weight
            for first, second in itertools.pairwise(words):
                if first.isalpha() and second.isalpha():
                    compounds.setdefault(first + second, f"{first} {second}")
        synonyms: dict[str, tuple[str, ...]] = {}
        for group in synonym_groups:
            members = [" ".join(tokenise(member)) for member in group]
            members = [m for m in dict.fromkeys(members) if m]
            for member in members:
                others = tuple(m for m in members if m != member)
                synonyms[member] = tuple(dict.fromkeys((*synonyms.get(member, ()), *others)))
                for word in member.split():
                    counts[word] = max(counts[word], 1)  # known, and corrected to
        compounds = {joined: spaced for joined, spaced in compounds.items() if joined not in counts}
        return cls(counts, compounds, synonyms, frozenset(" ".join(tokenise(b)) for b in brands))

    def knows(self, word: str) -> str | None:
        """The stem search looks for when ``word`` is a catalogue word or its plural/singular."""
        if word in self.counts:
            return singular(word) if singular(word) in self.stems else word
        stem = singular(word)
        if stem in self.stems:
            return stem
        return None

    def split(self, word: str) -> str | None:
        """``"hairdryer"`` -> ``"hair dryer"``, ``"eaudeparfum"`` -> ``"eau de parfum"``: a
        known compound, or the segmentation into known words (at most ``MAX_PARTS``, none
        shorter than two letters) with the fewest parts, then the most frequent words."""
        if word in self.compounds:
            return self.compounds[word]
        n = len(word)
        # best[i]: (parts, -sum of log frequencies, cut) for the segmentation of word[:i].
        best: list[tuple[int, float, int] | None] = [None] * (n + 1)
        best[0] = (0, 0.0, 0)
        for end in range(2, n + 1):
            for start in range(max(0, end - 30), end - 1):
                previous = best[start]
                if previous is None or previous[0] >= MAX_PARTS:
                    continue
                part = word[start:end]
                stem = self.knows(part)
                if stem is None:
                    continue
                score = previous[1] - math.log(1 + self.counts.get(stem, 1))
                candidate = (previous[0] + 1, score, start)
                if best[end] is None or candidate < best[end]:  # type: ignore[operator]
                    best[end] = candidate
        if best[n] is None or best[n][0] < 2:  # type: ignore[index]
            return None
        parts: list[str] = []
        end = n
        while end > 0:
            start = best[end][2]  # type: ignore[index]
            parts.append(word[start:end])
            end = start
        return " ".join(reversed(parts))

    def correct(self, word: str) -> str | None:
        """The likeliest catalogue word (or joined compound) within the typo budget: the
        fewest typos, then a match of the word as typed before one of its singular ("bluhs"
        is "blush" before "bluh" is "blue"), then the word the catalogue uses most."""
        if typo_budget(word) == 0:
            return None
        widest = typo_budget(word, "x" * TWO_TYPOS_FROM)
        best: tuple[int, int, int, str] | None = None
        for via_singular, candidate in enumerate(dict.fromkeys((word, singular(word)))):
            for item in self._speller.lookup(
                candidate, Verbosity.ALL, max_edit_distance=widest, transfer_casing=False
            ):
                if item.term == word or item.distance > typo_budget(word, item.term):
                    continue
                key = (item.distance, via_singular, -item.count, item.term)
                if best is None or key < best:
                    best = key
        return best[3] if best else None

    def complete(self, prefix: str, limit: int = 5) -> list[str]:
        """Known words starting with ``prefix``, the most frequent first."""
        if not prefix:
            return []
        start = bisect.bisect_left(self._sorted, prefix)
        found: list[str] = []
        for word in self._sorted[start:]:
            if not word.startswith(prefix):
                break
            found.append(word)
            if len(found) >= 200:
                break
        found.sort(key=lambda w: (-self.counts[w], w))
        return found[:limit]
