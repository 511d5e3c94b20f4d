"""Product constraints in a customer's question: type, brand, colour, size, price, people, sort.

"red running shoes size 42 under 100 euros" gives type Running Shoes, colour red, size EU 42
and a price of at most 100: what the storefront's search service filters on, so that every
product the assistant shows satisfies what was asked. The words of the catalogue come from a
:class:`~.vocabulary.ShopVocabulary`; prices, superlatives ("cheapest", "best rated"), price
levels ("cheap") and numbers of people ("a tent for 2 people", "4-person") need no vocabulary.

Everything is regular expressions over the normalised message, compiled once per vocabulary;
order numbers and e-mail addresses are masked first so their digits are never read as prices.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from shop.ml.text import normalise

from .entities import mask_emails, mask_order_numbers
from .normalise import clean
from .vocabulary import ShopVocabulary, term_key


class Sort(StrEnum):
    """A superlative: the order the customer wants the products in."""

    PRICE_ASC = "price_asc"  # cheapest
    PRICE_DESC = "price_desc"  # most expensive
    RATING = "rating"  # best rated
    POPULARITY = "popularity"  # most popular, best-selling
    NEWEST = "newest"


class PriceLevel(StrEnum):
    """A price word without a number: "cheap", "premium"."""

    LOW = "low"
    HIGH = "high"


@dataclass(frozen=True, slots=True)
class ProductConstraints:
    """What the products shown must satisfy; ``None``/empty means "not asked"."""

    product_types: tuple[str, ...] = ()  # canonical types the named product stands for
    brand: str | None = None
    colour: str | None = None
    size: str | None = None
    attributes: tuple[tuple[str, str], ...] = ()  # (attribute, value), sorted
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    price_level: PriceLevel | None = None
    sort: Sort | None = None
    people: int | None = None

    def is_empty(self) -> bool:
        return self == ProductConstraints()


_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "a couple": 2, "couple": 2, "single": 1, "solo": 1,
}  # fmt: skip
_COUNT = r"(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)"
_PEOPLE_NOUN = r"(?:people|persons?|adults|players?|kids|children|guests)"
_PEOPLE = (
    re.compile(rf"\bfor (?:up to )?{_COUNT} {_PEOPLE_NOUN}\b"),
    re.compile(rf"\b{_COUNT}[- ]?(?:person|man|people|berth|player|seater)s?\b"),
    re.compile(rf"\bsleep(?:s|ing) {_COUNT}\b"),
    re.compile(rf"\bfamily of {_COUNT}\b"),
    re.compile(rf"\b{_COUNT} {_PEOPLE_NOUN}\b"),
    # "a tent for 2": a small number after "for", not followed by a unit or a currency.
    re.compile(
        r"\bfor (a couple|two|three|four|[1-8])\b(?![.,]\d)(?!\s?(?:€|\$|£|euros?|eur|e\b"
        r"|dollars?|pounds?|quid|bucks|days?|weeks?|nights?|hours?|years?|months?|kg|cm|mm"
        r"|%|x\b|pieces?|of\b))"
    ),
)

_NUM = r"(\d{1,3}(?:,\d{3})+|\d+(?:[.,]\d{1,2})?)(?![\d])"
_CUR_BEFORE = r"(?:€|eur|\$|£|usd|gbp)\s?"
_CUR_AFTER = r"\s?(?:€|euros?|eur|e|dollars?|bucks|quid|pounds?|£|\$|usd|gbp)\b"
_AMOUNT = rf"(?:{_CUR_BEFORE})?{_NUM}(?:{_CUR_AFTER})?"
_PRICED_AMOUNT = rf"(?:{_CUR_BEFORE}{_NUM}(?:{_CUR_AFTER})?|{_NUM}{_CUR_AFTER})"
# A number followed by one of these is a quantity, not a price.
_NOT_PRICE = (
    r"(?!\s?(?:kg|g|cm|mm|m|l|ml|w|v|gb|tb|mah|inch|inches|\"|people|persons?|players?"
    r"|pieces?|pcs|slices?|litres?|liters?|lumens|watts?|years?|months?|days?|weeks?|%))"
)
_MAX_CUE = (
    r"under|below|less than|cheaper than|up to|upto|max|maximum|at most|no more than"
    r"|not more than|not over|nothing more than|nothing over|nothing above|within|lower than"
    r"|beneath|<|a budget of|budget of|my budget is"
    r"|budget is|budget|spend|spending"
)
_MIN_CUE = (
    r"(?<!not )(?<!no )(?<!nothing )(?:over|above|more than)|at least|min|minimum|starting at"
    r"|upwards of|>"
)
_AROUND_CUE = r"around|about|roughly|approximately|approx|circa|~"
_RANGE = re.compile(
    rf"\b(?:between|from)\s+{_AMOUNT}\s*(?:and|to|-)\s*{_AMOUNT}{_NOT_PRICE}"
    rf"|{_PRICED_AMOUNT}\s*(?:-|to)\s*{_AMOUNT}{_NOT_PRICE}"
    rf"|{_AMOUNT}\s*(?:-|to)\s*{_PRICED_AMOUNT}"
)
_MAX = re.compile(rf"(?:^|\b|(?<=\s))(?:{_MAX_CUE})\s+(?:of\s+)?{_AMOUNT}{_NOT_PRICE}")
_MAX_AFTER = re.compile(rf"{_AMOUNT}\s+(?:max|maximum|or less|or under|or below|tops)\b")
_MIN = re.compile(rf"(?:^|\b|(?<=\s))(?:{_MIN_CUE})\s+{_AMOUNT}{_NOT_PRICE}")
_MIN_AFTER = re.compile(rf"{_PRICED_AMOUNT}\s*(?:or more|and up|and above|plus|\+)")
_AROUND = re.compile(rf"\b(?:{_AROUND_CUE})\s+{_PRICED_AMOUNT}")
_BARE = re.compile(_PRICED_AMOUNT)
AROUND_SPREAD = Decimal("0.2")  # "around 100 euros" reads as 80 to 120

_SORTS: tuple[tuple[re.Pattern[str], Sort], ...] = tuple(
    (re.compile(pattern), sort)
    for pattern, sort in (
        (r"\b(?:cheapest|lowest[- ]price[d]?|least expensive|lowest cost)\b", Sort.PRICE_ASC),
        (r"\b(?:most expensive|priciest|highest[- ]price[d]?|dearest)\b", Sort.PRICE_DESC),
        (
            r"\b(?:(?:best|top|highest)[- ]rated|best[- ]reviewed|best reviews"
            r"|highest rating|top reviewed|most highly rated)\b",
            Sort.RATING,
        ),
        (
            r"\b(?:most popular|best[- ]?sell(?:ing|ers?)|most bought|most sold|popular)\b",
            Sort.POPULARITY,
        ),
        (r"\b(?:newest|latest|new arrivals|most recent|brand new)\b", Sort.NEWEST),
        # "the best blender" alone asks for the best rated; not "best price", "best regards".
        (
            r"(?<!all the )\bbest\b(?![- ]?(?:sell|price|value|deal|offer|regards|wishes|way"
            r"|time|to\b|of luck|before))",
            Sort.RATING,
        ),
    )
)
_LOW = re.compile(
    r"\b(?:cheap|cheaper|inexpensive|affordable|budget[- ]friendly|low[- ]cost|bargain"
    r"|budget(?! (?:of|is|around|about|was|max|maximum|up to)\b)(?!\s?[\d€$£])"
    r"|not (?:too |very |that |so )?(?:expensive|pricey|dear)|reasonably priced|on a budget)\b"
)
_HIGH = re.compile(r"\b(?:premium|luxury|luxurious|high[- ]end|top of the range|upmarket)\b")
_BASIC_COLOURS = {
    "black": "black", "white": "white", "red": "red", "blue": "blue", "green": "green",
    "yellow": "yellow", "orange": "orange", "purple": "purple", "pink": "pink",
    "brown": "brown", "grey": "grey", "gray": "grey", "navy": "navy", "beige": "beige",
    "cream": "cream", "silver": "silver", "gold": "gold", "olive": "olive",
    "burgundy": "burgundy", "teal": "teal", "turquoise": "turquoise", "khaki": "khaki",
}  # fmt: skip
_DECIMAL = re.compile(r"\d[.,]\d")
_MAX_PHRASE_WORDS = 5
_SIZE_CUE = r"(?:size|sized|in size|in a size|in an?|in)"
_LETTER_SIZE = re.compile(r"\b(xxs|xs|xl|xxl|xxxl|2xl|3xl)\b")
_UPPER_LETTER_SIZE = re.compile(r"(?<![\w'])(S|M|L)(?![\w'])")
_CUED_SIZE = re.compile(rf"\b{_SIZE_CUE}\s+((?:eu|uk|us|w)?\s?\d{{1,2}}(?:[.,]5)?|[a-z]{{1,7}})\b")
_PREFIXED_SIZE = re.compile(r"\b(eu|uk|us)\s?(\d{2}(?:[.,]5)?)\b|\b(\d{2}) (eu)\b|\b(w\d{2})\b")
# "king size", "double-size": a size word before "size".
_NAMED_SIZE = re.compile(r"\b([a-z]+)[- ]size(?:d)?\b")
_WAIST = re.compile(r"\bwaist\s?(\d{2})\b")


def _amount(text: str) -> Decimal:
    return Decimal(text.replace(",", "") if re.search(r",\d{3}", text) else text.replace(",", "."))


def _phrase_pattern(phrases: dict[str, tuple[str, ...]]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    alternatives = sorted(phrases, key=lambda phrase: (-len(phrase), phrase))
    return re.compile(r"(?<![\w])(?:" + "|".join(map(re.escape, alternatives)) + r")(?![\w])")


class ConstraintExtractor:
    """Extracts :class:`ProductConstraints` with one vocabulary; build one and reuse it."""

    def __init__(self, vocabulary: ShopVocabulary | None = None) -> None:
        self.vocabulary = vocabulary or ShopVocabulary()
        v = self.vocabulary
        self._tables = {
            "type": v.type_phrases,
            "brand": v.brand_phrases,
            "colour": v.colour_phrases,
            "attribute": v.attribute_phrases,
        }
        self._sizes = v.size_phrases
        self._countries = _phrase_pattern({name: (code,) for name, code in v.countries.items()})
        # Sizes with a number answer to the number alone after "size" ("size 42" -> EU 42).
        self._size_numbers: dict[str, str] = {}
        for canonical in v.sizes:
            digits = re.findall(r"\d+(?:[.,]5)?", canonical)
            if len(digits) == 1:
                self._size_numbers.setdefault(digits[0], canonical)

    def country(self, message: str) -> str | None:
        """The ISO code of the first country the vocabulary knows in ``message``, or ``None``."""
        if self._countries is None:
            return None
        match = self._countries.search(term_key(message))
        return self.vocabulary.countries[match.group(0)] if match else None

    def extract(self, message: str) -> ProductConstraints:
        cleaned = mask_emails(mask_order_numbers(clean(message)))
        text = term_key(normalise(cleaned))
        # Keep the currency signs and decimal points that term_key drops.
        priced = " ".join(re.sub(r"[^\w\s€$£.,<>~+'-]", " ", normalise(cleaned)).split())
        size, size_span = self._size(text, cleaned)
        taken = [size_span] if size_span else []
        found = self._phrases(text, taken)
        if size is None and "type" in found:
            size = self._size_before_type(text, taken)
        colour = found.get("colour")
        price_min, price_max = self._prices(priced)
        return ProductConstraints(
            product_types=tuple(found.get("type", ())),
            brand=found["brand"][0] if "brand" in found else None,
            colour=colour[0] if colour else None,
            size=size,
            attributes=tuple(
                sorted(tuple(entry.split("=", 1)) for entry in found.get("attribute", ()))  # type: ignore[misc]
            ),
            price_min=price_min,
            price_max=price_max,
            price_level=self._level(text),
            sort=next((sort for pattern, sort in _SORTS if pattern.search(text)), None),
            people=self._people(text),
        )

    # --- vocabulary phrases ---------------------------------------------------------------

    def _phrases(self, text: str, taken: list[tuple[int, int]]) -> dict[str, list[str]]:
        """The vocabulary's phrases in ``text``: longest first across types, brands, colours and
        attribute values, never two on the same words ("brown switches" is the keyboard's
        switches, not a colour). Types keep the first longest match; attributes keep all."""
        tokens = [
            (
                m.start(),
                m.end(),
                m.group(0) if _DECIMAL.search(m.group(0)) else m.group(0).rstrip("."),
            )
            for m in re.finditer(r"\S+", text)
        ]
        candidates: list[tuple[int, int, str, tuple[str, ...]]] = []
        for first in range(len(tokens)):
            for last in range(first, min(first + _MAX_PHRASE_WORDS, len(tokens))):
                phrase = " ".join(token for _, _, token in tokens[first : last + 1])
                span = (tokens[first][0], tokens[last][1])
                for category, phrases in self._tables.items():
                    if phrase in phrases:
                        candidates.append((*span, category, phrases[phrase]))
                if phrase in _BASIC_COLOURS:
                    candidates.append((*span, "colour", (_BASIC_COLOURS[phrase],)))
        candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
        found: dict[str, list[str]] = {}
        for start, end, category, names in candidates:
            if not _free((start, end), taken):
                continue
            if category == "attribute":
                found.setdefault(category, []).extend(names)
            elif category not in found:
                found[category] = list(names)
            else:
                continue
            taken.append((start, end))
        return found

    # --- sizes ----------------------------------------------------------------------------

    def _size(self, text: str, cleaned: str) -> tuple[str | None, tuple[int, int] | None]:
        """The size asked for and where it is in ``text`` (so it is not read as anything else).

        A cue ("size 42", "in medium") or an unmistakable form ("EU 42", "W32", "XL", a capital
        "M") is needed: "medium" alone may be a firmness, "42" alone a price.
        """
        if not self._sizes:
            return None, None
        for match in _CUED_SIZE.finditer(text):
            if size := self._size_value(match.group(1)):
                return size, match.span(1)
        for match in _PREFIXED_SIZE.finditer(text):
            number = match.group(2) or match.group(3)
            size = self._size_number(number) if number else self._size_value(match.group(5))
            if size:
                return size, match.span()
        for match in _NAMED_SIZE.finditer(text):
            if size := self._size_value(match.group(1)):
                return size, match.span(1)
        waist = _WAIST.search(text)
        if waist and (size := self._size_value(f"w{waist.group(1)}")):
            return size, waist.span()
        for match in _LETTER_SIZE.finditer(text):
            if size := self._size_value(match.group(1)):
                return size, match.span()
        upper = _UPPER_LETTER_SIZE.search(cleaned)
        if upper and (size := self._size_value(upper.group(1).lower())):
            return size, None  # found in the cased text; its offsets differ from ``text``
        return None, None

    def _size_before_type(self, text: str, taken: list[tuple[int, int]]) -> str | None:
        """A size named by a word right before the product ("a double duvet cover").

        Only sizes whose own name is a word count: "a large tent" or "a small kettle" says
        nothing about a size L or S (tents and kettles have none).
        """
        words = {name.lower(): name for name in self.vocabulary.sizes if len(name) > 3}
        for start, _ in sorted(taken):
            before = text[:start].split()
            if before and before[-1] in words:
                return words[before[-1]]
        return None

    def _size_value(self, raw: str) -> str | None:
        key = term_key(raw).replace(" ", "")
        for phrase, names in self._sizes.items():
            if phrase.replace(" ", "") == key:
                return names[0]
        return self._size_number(key) if key.isdigit() else None

    def _size_number(self, number: str) -> str | None:
        return self._size_numbers.get(number.replace(",", "."))

    # --- prices, levels, people -----------------------------------------------------------

    @staticmethod
    def _prices(text: str) -> tuple[Decimal | None, Decimal | None]:
        if match := _RANGE.search(text):
            low, high = sorted(_amount(g) for g in match.groups() if g)[:2]
            return low, high
        if match := _AROUND.search(text):
            value = _amount(next(g for g in match.groups() if g))
            return value * (1 - AROUND_SPREAD), value * (1 + AROUND_SPREAD)
        above = next((m for m in (_MIN.search(text), _MIN_AFTER.search(text)) if m), None)
        below = next((m for m in (_MAX.search(text), _MAX_AFTER.search(text)) if m), None)
        price_min = _amount(next(g for g in above.groups() if g)) if above else None
        price_max = _amount(next(g for g in below.groups() if g)) if below else None
        if price_min is None and price_max is None and (bare := _BARE.search(text)):
            price_max = _amount(next(g for g in bare.groups() if g))  # "a 30 euro kettle"
        return price_min, price_max

    @staticmethod
    def _level(text: str) -> PriceLevel | None:
        if _LOW.search(text):
            return PriceLevel.LOW
        return PriceLevel.HIGH if _HIGH.search(text) else None

    @staticmethod
    def _people(text: str) -> int | None:
        for pattern in _PEOPLE:
            match = pattern.search(text)
            if match:
                word = match.group(1)
                count = int(word) if word.isdigit() else _NUMBER_WORDS[word]
                return count if 0 < count <= 20 else None
        return None


def _free(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return all(span[1] <= start or span[0] >= end for start, end in taken)
