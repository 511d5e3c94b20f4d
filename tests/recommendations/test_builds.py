from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from recommendations.models import Build, Interaction, ItemNeighbours, PlacementStat
from recommendations.selectors import row_for_cart, row_for_home, row_for_product, serving_build
from recommendations.services import (
    IMPRESSION_FLUSH_EVERY,
    BuildError,
    builds,
    builds_prune,
    interaction_record,
    placement_impression,
    placement_impressions_flush,
)
from recommendations.services.neighbour_lists import NeighbourList, neighbour_lists_write
from shop.accounts.factories import UserFactory
from shop.catalogue.factories import ProductFactory, stock_set

pytestmark = pytest.mark.django_db


def titles(row):
    return [p.title for p in row.products]


def test_build_learns_who_buys_what_and_serves_it(taste_shop, client, rebuild):
    products, _ = taste_shop
    build = rebuild()
    assert build.status == Build.Status.SUCCEEDED and build.is_current
    assert build.n_items == 5 and build.n_interactions == 240
    assert {"ndcg@10", "precision@10", "recall@10", "coverage"} <= set(build.metrics)
    row = row_for_product(product=products["tent"])
    assert titles(row)[0] == "Camp Stove"
    assert "Alpine Tent" not in titles(row)
    body = client.get(products["tent"].get_absolute_url()).content.decode()
    assert "Similar items" in body and "Camp Stove" in body


def test_cold_start_item_gets_neighbours_from_its_text(taste_shop, rebuild):
    products, _ = taste_shop
    rebuild()
    lantern = ItemNeighbours.objects.get(product=products["lantern"])
    assert products["tent"].pk in lantern.neighbour_ids


def test_rows_only_show_active_in_stock_products(taste_shop, rebuild):
    products, _ = taste_shop
    rebuild()
    stock_set(products["stove"], 0)
    cache.clear()
    assert "Camp Stove" not in titles(row_for_product(product=products["tent"]))


def test_cart_row_combines_items_without_the_cart(taste_shop, rebuild):
    products, _ = taste_shop
    rebuild()
    row = row_for_cart(product_ids=[products["tent"].pk, products["kettle"].pk])
    assert {"Camp Stove", "Enamel Mug"} <= set(titles(row))
    assert not {"Alpine Tent", "Steel Kettle"} & set(titles(row))
    assert row.reasons[products["stove"].pk] == "Often bought with Alpine Tent"


def test_home_recommends_for_customers_with_history_and_trends_for_others(taste_shop, rebuild):
    products, _ = taste_shop
    rebuild()
    newcomer = UserFactory(username="newcomer")
    Interaction.objects.create(user=newcomer, product=products["kettle"], kind="purchase", weight=1)
    personal = row_for_home(user=newcomer)
    assert personal.title == "Recommended for you"
    assert titles(personal)[0] == "Enamel Mug"
    assert "Steel Kettle" not in titles(personal)  # what they bought is never suggested
    assert personal.reasons[products["mug"].pk] == "Because you bought Steel Kettle"
    assert row_for_home(user=None).title == "Trending now"
    assert row_for_home(user=UserFactory(username="fresh")).title == "Trending now"


def test_a_purchase_changes_recommended_for_you_at_once(taste_shop, rebuild):
    products, _ = taste_shop
    rebuild()
    shopper = UserFactory(username="shopper")
    interaction_record(kind="purchase", product_id=products["kettle"].pk, user_id=shopper.pk)
    assert titles(row_for_home(user=shopper))[0] == "Enamel Mug"
    interaction_record(kind="purchase", product_id=products["tent"].pk, user_id=shopper.pk)
    assert "Camp Stove" in titles(row_for_home(user=shopper))


@pytest.mark.parametrize("which", ["product", "cart", "home"])
def test_a_row_costs_at_most_two_queries_and_then_none(taste_shop, which, rebuild):
    products, customers = taste_shop
    for i in range(30):  # a long row's worth of candidates
        ProductFactory(title=f"Tent peg {i}", description="peg for the alpine tent")
    rebuild()
    serving_build()  # the serving build itself is cached across requests
    calls = {
        "product": lambda: row_for_product(product=products["tent"]),
        "cart": lambda: row_for_cart(product_ids=[products["tent"].pk, products["kettle"].pk]),
        "home": lambda: row_for_home(user=customers[0]),
    }
    with CaptureQueriesContext(connection) as first:
        row = calls[which]()
    assert row.products
    assert len(first.captured_queries) <= 2
    with CaptureQueriesContext(connection) as second:
        calls[which]()
    assert len(second.captured_queries) == 0


def test_new_build_switches_pages_at_once(taste_shop, rebuild):
    products, customers = taste_shop
    first = rebuild()
    assert serving_build().version == first.version
    assert titles(row_for_product(product=products["kettle"]))[0] == "Enamel Mug"
    # Tastes change: kettle buyers now buy tents.
    Interaction.objects.filter(product=products["mug"]).delete()
    for user in customers[40:]:
        Interaction.objects.create(user=user, product=products["tent"], kind="purchase", weight=3)
    second = rebuild()
    assert serving_build().version == second.version
    first.refresh_from_db()
    assert not first.is_current
    assert titles(row_for_product(product=products["kettle"]))[0] == "Alpine Tent"


def test_a_failed_build_leaves_the_previous_one_serving(taste_shop, monkeypatch, rebuild):
    products, _ = taste_shop
    good = rebuild()

    def broken(*args, **kwargs):
        raise MemoryError("out of memory in chunk")

    monkeypatch.setattr(builds, "compute_chunk", broken)
    with pytest.raises(MemoryError):
        rebuild()
    failed = Build.objects.get(version=good.version + 1)
    assert failed.status == Build.Status.FAILED and "out of memory" in failed.error
    assert not failed.is_current
    assert serving_build().version == good.version
    assert titles(row_for_product(product=products["tent"]))[0] == "Camp Stove"


def test_finish_refuses_when_a_chunk_is_missing(taste_shop):
    build = builds.build_create()
    builds.build_prepare(build=build)
    with pytest.raises(BuildError, match="chunk 0"):
        builds.build_finish(build_id=build.pk)
    assert Build.objects.filter(is_current=True).count() == 0


def test_chunked_build_equals_single_build(taste_shop, monkeypatch, rebuild):
    monkeypatch.setattr(builds, "MIN_ITEMS_PER_CHUNK", 1)
    one = rebuild(n_chunks=1)
    lists_one = dict(
        ItemNeighbours.objects.filter(build=one).values_list("product_id", "neighbour_ids")
    )
    three = rebuild(n_chunks=3)
    assert three.n_chunks == 3
    lists_three = dict(
        ItemNeighbours.objects.filter(build=three).values_list("product_id", "neighbour_ids")
    )
    assert lists_three == lists_one


def test_old_builds_are_pruned(taste_shop, settings, rebuild):
    settings.RECOMMENDATIONS_KEEP_BUILDS = 2
    for _ in range(4):
        rebuild()
    assert list(Build.objects.values_list("version", flat=True)) == [4, 3]
    assert builds_prune() == 0


def test_empty_shop_builds_without_error(db, rebuild):
    build = rebuild()
    assert build.status == Build.Status.SUCCEEDED and build.n_items == 0


def test_eager_celery_rebuild_runs_the_chunked_pipeline(taste_shop, monkeypatch, settings):
    from recommendations.tasks import rebuild

    monkeypatch.setattr(builds, "MIN_ITEMS_PER_CHUNK", 1)
    settings.RECOMMENDATIONS_BUILD_CHUNKS = 2
    build_id = rebuild.delay().get()
    build = Build.objects.get(pk=build_id)
    assert build.status == Build.Status.SUCCEEDED and build.n_chunks == 2 and build.chunks_done == 2


def test_rebuild_command_shows_progress(taste_shop):
    out = StringIO()
    call_command("rebuild_recommendations", stdout=out)
    text = out.getvalue()
    assert "Reading signals" in text and "Writing neighbour lists" in text
    assert "Build 1 serving" in text


def test_impressions_and_clicks_give_click_through_rate(taste_shop, client, staff_user, rebuild):
    products, _ = taste_shop
    rebuild()
    for _ in range(IMPRESSION_FLUSH_EVERY):
        placement_impression(placement="product")
    client.get(products["stove"].get_absolute_url() + "?rec=product")
    client.get(products["stove"].get_absolute_url() + "?rec=bogus")
    stat = PlacementStat.objects.get(placement="product")
    assert stat.impressions >= IMPRESSION_FLUSH_EVERY and stat.clicks == 1
    client.force_login(staff_user)
    body = client.get(reverse("admin:recommendations_placementstat_changelist")).content.decode()
    assert "%" in body


def test_pages_record_impressions(taste_shop, client, rebuild):
    products, _ = taste_shop
    rebuild()
    for _ in range(IMPRESSION_FLUSH_EVERY):
        client.get(products["tent"].get_absolute_url())
    assert PlacementStat.objects.get(placement="product").impressions == IMPRESSION_FLUSH_EVERY


def test_impressions_still_in_the_cache_are_written_on_a_flush_and_later_counts_stay_exact():
    def written() -> int:
        stat = PlacementStat.objects.filter(placement="cart").first()
        return stat.impressions if stat else 0

    for _ in range(IMPRESSION_FLUSH_EVERY + 5):
        placement_impression(placement="cart")
    assert written() == IMPRESSION_FLUSH_EVERY
    assert placement_impressions_flush() == 5 and written() == IMPRESSION_FLUSH_EVERY + 5
    assert placement_impressions_flush() == 0  # nothing pending: nothing written twice
    for _ in range(IMPRESSION_FLUSH_EVERY - 1):
        placement_impression(placement="cart")
    assert written() == IMPRESSION_FLUSH_EVERY + 5
    placement_impression(placement="cart")
    assert written() == 2 * IMPRESSION_FLUSH_EVERY + 5  # every impression counted once


def test_builds_admin_lists_metrics(taste_shop, client, staff_user, rebuild):
    rebuild()
    client.force_login(staff_user)
    body = client.get(reverse("admin:recommendations_build_changelist")).content.decode()
    assert "NDCG@10" in body and "succeeded" in body.lower()


def test_admin_rebuild_button(taste_shop, client, staff_user):
    client.force_login(staff_user)
    page = client.get(reverse("admin:recommendations_build_changelist")).content.decode()
    assert "Rebuild now" in page
    response = client.post(reverse("admin:recommendations_build_rebuild"), follow=True)
    assert "A rebuild has been queued." in response.content.decode()
    assert Build.objects.get().status == Build.Status.SUCCEEDED  # eager in tests


def test_recommendations_can_be_switched_off(taste_shop, rebuild, client, settings):
    products, _ = taste_shop
    rebuild()
    settings.RECOMMENDATIONS_ENABLED = False
    with CaptureQueriesContext(connection) as queries:
        row = row_for_product(product=products["tent"])
    assert row.products == [] and len(queries.captured_queries) == 0
    assert (
        "recommendation-row" not in client.get(products["tent"].get_absolute_url()).content.decode()
    )


def test_trending_is_what_rises_not_the_steady_best_seller(rebuild):
    steady, rising = ProductFactory(title="Steady Seller"), ProductFactory(title="Rising Star")
    now = timezone.now()
    buyers = [UserFactory(username=f"fan{n}") for n in range(40)]
    for day in range(35):  # two a day, every day, for five weeks
        for user in buyers[day % 20 : day % 20 + 2]:
            Interaction.objects.create(
                user=user, product=steady, kind="purchase", created_at=now - timedelta(days=day)
            )
    for user in buyers[:12]:  # nothing before, twelve this week
        Interaction.objects.create(
            user=user, product=rising, kind="purchase", created_at=now - timedelta(days=2)
        )
    build = rebuild()
    assert build.trending[0] == rising.pk
    # The steady seller only fills the list after what is rising.
    assert build.trending.index(steady.pk) > 0


def test_neighbour_lists_are_written_in_one_stream_and_read_back_exactly(taste_shop):
    """PostgreSQL writes them by COPY, other databases in batches: the rows are the same."""
    products, _ = taste_shop
    build = Build.objects.create(version=99)
    ids = [p.pk for p in products.values()]
    lists = [
        NeighbourList(
            product_id=pk,
            neighbour_ids=[other for other in ids if other != pk],
            scores=[0.5, 0.25, 0.125, 0.0625][: len(ids) - 1],
            complement_ids=[ids[0]] if pk != ids[0] else [],
            complement_scores=[1.5] if pk != ids[0] else [],
        )
        for pk in ids
    ]
    with CaptureQueriesContext(connection) as queries:
        assert neighbour_lists_write(build_id=build.pk, lists=iter(lists)) == len(ids)
    inserts = [q for q in queries if q["sql"].startswith("INSERT")]
    # COPY goes around Django's statement log; batches of INSERTs elsewhere.
    assert len(inserts) == (0 if connection.vendor == "postgresql" else 1)
    stored = {row.product_id: row for row in ItemNeighbours.objects.filter(build=build)}
    assert set(stored) == set(ids)
    for item in lists:
        row = stored[item.product_id]
        assert row.neighbour_ids == item.neighbour_ids and row.scores == item.scores
        assert row.complement_ids == item.complement_ids
        assert row.complement_scores == item.complement_scores
