"""The catalogue's words as the engine's ``Vocabulary``, built once per process and rebuilt
when it is older than ``VOCABULARY_TTL`` or the shared version changes (a synonym edit, the
cache cleared)."""

from __future__ import annotations

import threading
import time
import uuid

from django.core.cache import cache
from django.db.models import Count

from shop.catalogue.models import AttributeValue, Category, Product

from .engine import Vocabulary
from .models import Synonym

VERSION_KEY = "search:vocabulary:version"
VOCABULARY_TTL = 300
_lock = threading.Lock()
_built: tuple[str, float, Vocabulary] | None = None


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


def catalogue_vocabulary() -> Vocabulary:
    """The current vocabulary (at most ``VOCABULARY_TTL`` seconds behind the catalogue)."""
    global _built
    version = cache.get(VERSION_KEY)
    if not isinstance(version, str):
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY) or version
    built = _built
    if built and built[0] == version and time.monotonic() - built[1] < VOCABULARY_TTL:
        return built[2]
    with _lock:
        built = _built  # another thread may have rebuilt it while this one waited
        if built and built[0] == version and time.monotonic() - built[1] < VOCABULARY_TTL:
            return built[2]
        vocabulary = vocabulary_build()
        _built = (version, time.monotonic(), vocabulary)
    return vocabulary
