"""The catalogue's words as the engine's ``Vocabulary``, built once per process and rebuilt
when it is older than ``VOCABULARY_TTL`` or the shared version changes (a synonym edit, the
cache cleared)."""

from __future__ import annotations

import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber

from shop.catalogue.models import AttributeValue, Category, Product
from shop.core.request_memo import request_memo, request_memo_forget

from .engine import Vocabulary, singular, tokenise
from .engine.text import STOP_WORDS
from .models import Synonym

VERSION_KEY = "search:vocabulary:version"
VOCABULARY_TTL = 300
SUGGESTED_PRODUCTS = 6
_lock = threading.Lock()
_built: dict[str, tuple[str, float, object]] = {}
T = TypeVar("T")


def _phrases() -> tuple[list[tuple[str, int]], list[str]]:
    active = Product.objects.filter(is_active=True)
    phrases: list[tuple[str, int]] = []
    for name, count in active.values_list("product_type__name").annotate(n=Count("id")):
        phrases.append((name, count))
    brands = []
    for brand, count in active.exclude(brand="").values_list("brand").annotate(n=Count("id")):
        phrases.append((brand, count))
        brands.append(brand)
    phrases.extend((name, 1) for name in Category.objects.values_list("name", flat=True))
    phrases.extend((name, 1) for name in AttributeValue.objects.values_list("name", flat=True))
    phrases.extend((title, 1) for title in active.values_list("title", flat=True).iterator())
    return phrases, brands


def vocabulary_build() -> Vocabulary:
    phrases, brands = _phrases()
    groups = [s.members for s in Synonym.objects.filter(is_active=True)]
    return Vocabulary.build(phrases, synonym_groups=groups, brands=brands)


def vocabulary_version_bump() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    request_memo_forget(VERSION_KEY)


def _version() -> str:
    """The shared version, read once per request (a search and its suggestions ask for the
    vocabulary and the phrase table several times: one cache round trip, not three)."""
    return request_memo(VERSION_KEY, _version_read)


def _version_read() -> str:
    version = cache.get(VERSION_KEY)
    if not isinstance(version, str):
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY) or version
    return version


def _current(name: str, build: Callable[[], T]) -> T:
    """``build()``'s result kept in the process under ``name`` while the shared version holds
    and it is younger than ``VOCABULARY_TTL``; rebuilt once when threads wait on it."""
    version = _version()
    built = _built.get(name)
    if built and built[0] == version and time.monotonic() - built[1] < VOCABULARY_TTL:
        return built[2]  # type: ignore[return-value]
    with _lock:
        built = _built.get(name)  # another thread may have rebuilt it while this one waited
        if built and built[0] == version and time.monotonic() - built[1] < VOCABULARY_TTL:
            return built[2]  # type: ignore[return-value]
        value = build()
        _built[name] = (version, time.monotonic(), value)
    return value


def catalogue_vocabulary() -> Vocabulary:
    """The current vocabulary (at most ``VOCABULARY_TTL`` seconds behind the catalogue)."""
    return _current("vocabulary", vocabulary_build)


def phrase_key(text: str) -> str:
    """A phrase as the suggestions look it up: its words but stop words, each singular."""
    return " ".join(singular(word) for word in tokenise(text) if word not in STOP_WORDS)


def _best_of(group: str, name: str, limit: int) -> list[tuple[str, int]]:
    order = [F("stocked").desc(), F("popularity").desc(), F("id").asc()]
    ranked = (
        Product.objects.filter(is_active=True)
        .exclude(**{name: ""})
        .annotate(stocked=Q(stock_quantity__gt=0))
        .annotate(place=Window(RowNumber(), partition_by=[F(group)], order_by=order))
        .filter(place__lte=limit)
        .order_by(name, "place")
    )
    return list(ranked.values_list(name, "id"))


def _phrase_products_build() -> dict[str, list[int]]:
    by_phrase: dict[str, list[int]] = defaultdict(list)
    for group, name in (("brand", "brand"), ("product_type", "product_type__name")):
        rows = _best_of(group, name, SUGGESTED_PRODUCTS)
        keys = {phrase_key(phrase) for phrase, _id in rows}
        for key in keys:
            by_phrase.pop(key, None)  # a type's name before a brand's
        for phrase, product_id in rows:
            by_phrase[phrase_key(phrase)].append(product_id)
    return dict(by_phrase)


def phrase_products() -> dict[str, list[int]]:
    """The best products (in stock first, then the most popular) of each product type and
    brand, by ``phrase_key`` of its name: what the suggestions offer for a query that names
    one, without a search. Kept like the vocabulary."""
    return _current("phrase products", _phrase_products_build)
