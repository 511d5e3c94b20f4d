"""What a cached product page is keyed on, read from the cache instead of the database.

A product page shows the product, its variants' prices and stock, its attributes and its
reviews. Rather than query those on every request to build the page-cache key, each product has
a *version*: a random token in the cache, replaced (``services.product_pages_touch``) by every
write that changes what the page shows: stock reserved or released, a variant's price, the
product's fields, a review. A page is cached under the version read *before* it was rendered,
and writers replace the version *after* they commit, so a page rendered from data older than a
write always sits under a version nobody asks for any more. A version lost from the cache (a
restart, eviction) is only a new token: the page is rendered afresh once.

The product's slug is resolved to its id (and category) through the cache too, else the
database; a product's save drops the entry for its slug (and gives it a new version). The
render reads the product by its slug all the same and refuses an id that is no longer the
slug's (``product_slug_forget``, then the view asks again). Not in the worker's memory: that
saves a cache read but cannot be told of a change, and a stale id would be recorded as viewed.
Writes that bypass both the services and the model's signals (``QuerySet.update`` of price,
stock, slug or ``is_active`` elsewhere) are not seen until the version expires: there are none.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.core.cache import cache

from ..models import Product
from .categories import product_get_for_page

PRODUCT_VERSION_KEY = "catalogue:product-version:v1:{}"
PRODUCT_SLUG_KEY = "catalogue:product-slug:v1:{}"
# The catalogue's words (types, attribute values, brands): one version for them all.
CATALOGUE_WORDS_KEY = "catalogue:words-version:v1"
# Writes that bypass the model's signals (bulk seeding, QuerySet.update) are seen within this.
CATALOGUE_WORDS_TTL = 60
# A version (or a slug's id) that nobody asked for in a day goes; the next request makes another.
FRESHNESS_TTL = 24 * 3600


@dataclass(frozen=True, slots=True)
class ProductStamp:
    """A product's id and category and the version of everything its page shows."""

    pk: int
    category_id: int
    version: str

    def reference(self) -> Product:
        """An unsaved product carrying only the ids, for reads that need no more."""
        return Product(pk=self.pk, category_id=self.category_id)


def _version(key: str, ttl: int) -> str:
    """The version under ``key`` (made, once, when the cache has none)."""
    version = cache.get(key)
    if version is None:
        version = secrets.token_hex(8)
        if not cache.add(key, version, ttl):
            # Another request made one first (or the cache is down: then this one serves).
            version = cache.get(key) or version
    return str(version)


def product_version(*, product_id: int) -> str:
    """The product's current version."""
    return _version(PRODUCT_VERSION_KEY.format(product_id), FRESHNESS_TTL)


def catalogue_words_version() -> str:
    """Changes whenever a product type, an attribute value or a product (its brand, whether it
    is on sale) is saved or deleted, and at least every ``CATALOGUE_WORDS_TTL`` seconds: what
    readers of the catalogue's vocabulary (the assistant's entity extractor) rebuild on. One
    cache read, where counting the tables was a query before every chat message."""
    return _version(CATALOGUE_WORDS_KEY, CATALOGUE_WORDS_TTL)


def product_stamp(*, slug: str) -> tuple[ProductStamp, Product | None] | None:
    """The active product at ``slug``: its stamp, and the product itself when it had to be
    read (None when the cache knew it: no query). None when no active product has the slug."""
    key = PRODUCT_SLUG_KEY.format(slug)
    ids = cache.get(key)
    product = None
    if ids is None:
        product = product_get_for_page(slug=slug)
        if product is None:
            return None
        ids = (product.pk, product.category_id)
        cache.set(key, ids, FRESHNESS_TTL)
    pk, category_id = ids
    return ProductStamp(pk, category_id, product_version(product_id=pk)), product


def product_stamp_deps(*, slug: str, stamp: ProductStamp) -> dict[str, object]:
    """The cache keys ``product_stamp`` read, with the values it got: what a page keyed on the
    stamp depends on (``shop.core.page_cache.Shared``), checked without a query."""
    return {
        PRODUCT_SLUG_KEY.format(slug): (stamp.pk, stamp.category_id),
        PRODUCT_VERSION_KEY.format(stamp.pk): stamp.version,
    }


def product_slug_forget(*, slug: str) -> None:
    """The slug no longer names the product it did (the render found another, or none)."""
    cache.delete(PRODUCT_SLUG_KEY.format(slug))
