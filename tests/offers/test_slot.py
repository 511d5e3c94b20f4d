"""The offer slot on the home and cart pages: only promotions the shopper can use, staff's pins
and exclusions, per segment, and the visitors' cached home page stays the same for all."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from shop.offers.models import DEFAULT_SEGMENT, OfferSetting, OfferStat, Placement
from shop.offers.services import IMPRESSION_FLUSH_EVERY
from shop.promotions.factories import PromotionFactory
from shop.segments.factories import CustomerSegmentFactory

from .conftest import shown_offers

pytestmark = pytest.mark.django_db
VIEWS = 40  # with two candidates on uniform priors, each is shown in 40 views but for 2^-39


def offers_seen(client: Client, url: str, views: int = VIEWS) -> set[int]:
    seen: set[int] = set()
    for _ in range(views):
        response = client.get(url)
        assert response.status_code == 200
        slots = shown_offers(response.content)
        assert len(slots) <= 1
        seen.update(slots)
    return seen


@pytest.mark.parametrize("url", ["/", "/cart/"])
def test_visitors_see_only_live_automatic_promotions_for_everyone(
    client, products, promotions, url
):
    assert offers_seen(client, url) == {promotions["open"].pk}


@pytest.mark.parametrize("url", ["/", "/cart/"])
def test_a_segment_sees_its_own_promotions_too(client, products, promotions, customer, url):
    CustomerSegmentFactory(user=customer, segment="loyal")
    client.force_login(customer)
    assert offers_seen(client, url) == {promotions["open"].pk, promotions["loyal"].pk}


def test_a_customer_of_another_segment_never_sees_a_segments_promotion(
    client, promotions, customer
):
    CustomerSegmentFactory(user=customer, segment="lost")
    client.force_login(customer)
    assert offers_seen(client, "/cart/") == {promotions["open"].pk}


def test_a_customer_not_yet_segmented_is_treated_as_a_visitor(client, promotions, customer):
    client.force_login(customer)
    assert offers_seen(client, "/cart/", views=10) == {promotions["open"].pk}
    assert set(OfferStat.objects.values_list("segment", flat=True)) <= {DEFAULT_SEGMENT}


def test_no_usable_promotion_no_slot(client, products, promotions):
    promotions["open"].delete()
    response = client.get("/")
    assert b"offer-slot" not in response.content
    assert b"offer_slot_home-hole" not in response.content


def test_a_pinned_promotion_is_always_shown(client, promotions, customer):
    CustomerSegmentFactory(user=customer, segment="loyal")
    OfferSetting.objects.create(promotion=promotions["loyal"], mode=OfferSetting.Mode.PINNED)
    client.force_login(customer)
    assert offers_seen(client, "/cart/", views=20) == {promotions["loyal"].pk}


def test_a_pinned_promotion_the_shopper_cannot_use_is_not_shown(client, promotions):
    OfferSetting.objects.create(promotion=promotions["loyal"], mode=OfferSetting.Mode.PINNED)
    OfferSetting.objects.create(promotion=promotions["voucher"], mode=OfferSetting.Mode.PINNED)
    assert offers_seen(Client(), "/cart/", views=10) == {promotions["open"].pk}


def test_an_excluded_promotion_is_never_shown(client, promotions):
    other = PromotionFactory(name="Other sale")
    assert offers_seen(client, "/cart/") == {promotions["open"].pk, other.pk}
    # Staff exclude one: the cached candidates start afresh at once.
    OfferSetting.objects.create(promotion=promotions["open"], mode=OfferSetting.Mode.EXCLUDED)
    assert offers_seen(client, "/cart/") == {other.pk}


def test_a_promotion_switched_off_disappears_at_once(client, products, promotions):
    assert offers_seen(Client(), "/", views=3) == {promotions["open"].pk}
    promotions["open"].is_active = False
    promotions["open"].save()
    assert offers_seen(Client(), "/", views=3) == set()


def without_row_event_batches(sql: list[str]) -> list[str]:
    """``sql`` less the batches of what recommendation rows showed: each is a check of which
    products still exist, right before the insert of the batch's events."""
    kept: list[str] = []
    for i, statement in enumerate(sql):
        if "recommendations_rowevent" in statement:
            continue
        following = sql[i + 1] if i + 1 < len(sql) else ""
        if statement.startswith('SELECT "catalogue_product"."id"') and following.startswith(
            'INSERT INTO "recommendations_rowevent"'
        ):
            continue
        kept.append(statement)
    return kept


def test_the_cached_home_page_is_the_same_for_every_visitor(client, products, promotions):
    other = PromotionFactory(name="Other sale")
    client.get("/")  # fills the page cache and the visitors' candidates
    seen = set()
    views_with_queries = 0
    for _ in range(VIEWS):
        with CaptureQueriesContext(connection) as queries:
            response = Client().get("/")
        # The page and the slot's candidates come from the cache; impressions are counted in
        # the cache too and written every IMPRESSION_FLUSH_EVERY (per offer): only then a write.
        # (Recommendations writes its own impressions the same way, every 20, and what its rows
        # showed in batches of SHOWN_BUFFER_BATCH rows: a check of the products, then an insert.)
        sql = [
            q["sql"]
            for q in queries.captured_queries
            if "SAVEPOINT" not in q["sql"] and "recommendations_placementstat" not in q["sql"]
        ]
        sql = without_row_event_batches(sql)
        if sql:
            views_with_queries += 1
            # An update, and an insert when the day's row did not exist yet.
            assert all("offers_offerstat" in s for s in sql), sql
            assert all(s.startswith(("UPDATE", "INSERT")) for s in sql), sql
        seen.update(shown_offers(response.content))
    assert views_with_queries <= VIEWS // IMPRESSION_FLUSH_EVERY + 2
    # Chosen per request, not frozen into the cached page.
    assert seen == {promotions["open"].pk, other.pk}


def test_a_customers_segment_offer_never_reaches_the_visitors_cached_page(
    client, products, promotions, customer
):
    CustomerSegmentFactory(user=customer, segment="loyal")
    OfferSetting.objects.create(promotion=promotions["loyal"], mode=OfferSetting.Mode.PINNED)
    client.force_login(customer)
    assert offers_seen(client, "/", views=3) == {promotions["loyal"].pk}
    assert offers_seen(Client(), "/", views=10) == {promotions["open"].pk}


def test_impressions_are_counted_per_offer_segment_and_placement(client, promotions):
    for _ in range(2 * IMPRESSION_FLUSH_EVERY + 3):
        client.get("/cart/")
    stat = OfferStat.objects.get()
    assert (stat.promotion_id, stat.segment, stat.placement) == (
        promotions["open"].pk,
        DEFAULT_SEGMENT,
        Placement.CART,
    )
    # Written in batches; the last 3 are still in the cache.
    assert stat.impressions == 2 * IMPRESSION_FLUSH_EVERY
    assert (stat.clicks, stat.conversions) == (0, 0)


def test_the_slot_is_accessible(client, promotions):
    html = client.get("/cart/").content.decode()
    slot = html.split('<aside class="offer-slot"', 1)[1].split("</aside>", 1)[0]
    assert 'aria-labelledby="offer-cart-heading"' in slot
    assert '<h2 id="offer-cart-heading" class="offer-heading">Spring sale</h2>' in slot
    assert "10% off everything" in slot
    # The link says where it goes, also out of context (screen readers list links).
    assert (
        'rel="nofollow">See the offer<span class="visually-hidden">: Spring sale</span></a>' in slot
    )


def test_the_slot_escapes_what_staff_typed(client, db):
    PromotionFactory(name="<script>alert(1)</script>", description="<b>x</b>")
    html = client.get("/cart/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_cart_slots_queries_are_exact(client, promotions, customer, signed_in):
    if signed_in:
        CustomerSegmentFactory(user=customer, segment="loyal")
        client.force_login(customer)
    client.get("/cart/")  # the segment's candidates are now cached
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/cart/")
    assert shown_offers(response.content)
    sql = [q["sql"] for q in queries.captured_queries]
    segment_reads = [s for s in sql if "segments_customersegment" in s]
    offer_reads = [s for s in sql if '"offers_' in s]
    # A customer's segment is read once, shared by the slot and the cart's pricing (the segment
    # provider of orders' hooks, for segment-scoped promotions); none for a visitor; the
    # candidates come from the cache.
    assert len(segment_reads) == (1 if signed_in else 0), segment_reads
    assert offer_reads == [], offer_reads
