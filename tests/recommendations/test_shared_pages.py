"""Pages served from their shared copy (shop.core.page_cache.shared_page) still record what they
show, follow a new build at once, and never hand one shopper's personal rows to another."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from recommendations.models import PlacementStat, RowEvent
from recommendations.services import IMPRESSION_FLUSH_EVERY, row_shown_flush
from shop.accounts.factories import UserFactory
from shop.core.page_cache import SHARED_PREFIX

pytestmark = pytest.mark.django_db


def shared_copies() -> int:
    """How many shared copies the cache holds (Redis, or the local-memory cache)."""
    if hasattr(cache, "keys"):  # django-redis
        return len(cache.keys(f"{SHARED_PREFIX}*"))
    return sum(1 for key in getattr(cache, "_cache", {}) if SHARED_PREFIX in key)


def shown_rows(placement: str) -> list[tuple[int, ...]]:
    """Each recorded showing of a row, as its products in order."""
    row_shown_flush()
    by_time: dict[object, list[RowEvent]] = {}
    for event in RowEvent.objects.filter(kind="shown", placement=placement).order_by("pk"):
        by_time.setdefault(event.created_at, []).append(event)
    return [
        tuple(e.product_id for e in sorted(row, key=lambda e: e.position))
        for row in by_time.values()
    ]


def signed_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_every_hit_on_a_shared_copy_records_the_rows_it_shows(taste_shop, rebuild):
    products, _ = taste_shop
    rebuild()
    url = products["tent"].get_absolute_url()
    for _ in range(IMPRESSION_FLUSH_EVERY):
        assert Client().get(url).status_code == 200
    assert shared_copies() >= 1  # the later requests were hits on the shared copy
    stat = PlacementStat.objects.get(placement="product_together")
    assert stat.impressions == IMPRESSION_FLUSH_EVERY
    rows = shown_rows("product_together")
    # The same row, product by product, for the render and every hit.
    assert len(rows) == IMPRESSION_FLUSH_EVERY and len(set(rows)) == 1
    assert products["stove"].pk in rows[0]


def test_a_new_build_shows_on_the_cached_page_at_once(taste_shop, rebuild):
    products, _ = taste_shop
    url = products["tent"].get_absolute_url()
    for _ in range(2):  # rendered, then its shared copy
        assert "Frequently bought together" not in Client().get(url).content.decode()
    rebuild()
    page = Client().get(url).content.decode()
    assert "Frequently bought together" in page and "Camp Stove" in page


def test_a_customers_own_home_rows_are_never_another_shoppers(taste_shop, rebuild):
    _products, customers = taste_shop
    rebuild()
    camper, newcomer = signed_in(customers[0]), signed_in(UserFactory(username="newcomer"))
    for _ in range(2):  # rendered, then from the shared copies
        own = camper.get("/").content.decode()
        assert "Recommended for you" in own and "Because you bought" in own
        for other in (newcomer, Client()):
            page = other.get("/").content.decode()
            assert "Recommended for you" not in page and "Because you bought" not in page
            assert "Trending now" in page


def test_a_customers_purchase_changes_their_cached_home_at_once(taste_shop, rebuild):
    from recommendations.services import interaction_record

    products, _ = taste_shop
    rebuild()
    customer = UserFactory(username="fresh")
    client = signed_in(customer)
    for _ in range(2):
        assert "Recommended for you" not in client.get("/").content.decode()
    interaction_record(kind="purchase", product_id=products["tent"].pk, user_id=customer.pk)
    page = client.get("/").content.decode()
    assert "Recommended for you" in page and "Because you bought Alpine Tent" in page
