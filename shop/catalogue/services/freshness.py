"""Product pages' versions (see ``selectors.freshness``): replaced by every write that changes
what a product page shows."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.core.cache import cache

from shop.core.commit import now_and_after_commit

from ..selectors.freshness import (
    CATALOGUE_WORDS_KEY,
    CATALOGUE_WORDS_TTL,
    FRESHNESS_TTL,
    PRODUCT_SLUG_KEY,
    PRODUCT_VERSION_KEY,
)


def _replace_versions(product_ids: list[int]) -> None:
    cache.set_many(
        {PRODUCT_VERSION_KEY.format(pk): secrets.token_hex(8) for pk in product_ids},
        FRESHNESS_TTL,
    )


def product_pages_touch(*, product_ids: Iterable[int], slugs: Iterable[str] = ()) -> None:
    """The pages of these products changed: give them new versions (and forget these slugs'
    ids). Done at once, for reads later in this transaction, and again after the commit, so
    that a page another request rendered from the data before the commit is never served."""
    ids = sorted(set(product_ids))
    slug_keys = [PRODUCT_SLUG_KEY.format(slug) for slug in set(slugs)]

    def replace() -> None:
        if ids:
            _replace_versions(ids)
        if slug_keys:
            cache.delete_many(slug_keys)

    now_and_after_commit(replace)


def catalogue_words_touch() -> None:
    """A type, attribute value or product was written: its words may have changed. At once and
    again after the commit, as for product pages (a reader between the two rebuilds twice)."""
    now_and_after_commit(
        lambda: cache.set(CATALOGUE_WORDS_KEY, secrets.token_hex(8), CATALOGUE_WORDS_TTL)
    )
