"""Cached storefront pages show the automatic promotions live now, not those of when the page
was cached: the prices a shopper reads are the prices the cart charges."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from shop.promotions.factories import PromotionFactory

pytestmark = pytest.mark.django_db


def promotion_shown(html: str) -> bool:
    return 'class="price price-promoted"' in html


def test_a_new_promotion_shows_on_a_cached_product_page_at_once(products):
    url = products["anc"].get_absolute_url()
    assert not promotion_shown(Client().get(url).content.decode())
    PromotionFactory(name="Winter sale", kind="percentage", value=Decimal("10"))
    page = Client().get(url).content.decode()
    assert promotion_shown(page) and "179.10" in page  # 199.00 less 10%


def test_a_promotion_leaves_cached_pages_when_it_ends_without_any_write(products, monkeypatch):
    """Nothing is saved when a promotion's end passes: the page's key changes with the time."""
    start = timezone.now()
    PromotionFactory(
        name="Weekend", kind="fixed", value=Decimal("20"), ends_at=start + timedelta(hours=1)
    )
    urls = [products["anc"].get_absolute_url(), "/products/"]
    for url in urls:
        assert promotion_shown(Client().get(url).content.decode()), url
    monkeypatch.setattr(timezone, "now", lambda: start + timedelta(hours=2))
    for url in urls:
        assert not promotion_shown(Client().get(url).content.decode()), url


def test_a_promotion_that_starts_later_shows_once_it_starts(products, monkeypatch):
    start = timezone.now()
    PromotionFactory(
        name="Midnight", kind="fixed", value=Decimal("20"), starts_at=start + timedelta(hours=1)
    )
    url = products["anc"].get_absolute_url()
    assert not promotion_shown(Client().get(url).content.decode())
    monkeypatch.setattr(timezone, "now", lambda: start + timedelta(hours=2))
    page = Client().get(url).content.decode()
    assert promotion_shown(page) and "179.00" in page
