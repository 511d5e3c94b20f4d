"""The recommendations dashboard in admin: its numbers, on factory data, and who may see it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recommendations.models import Build, ItemNeighbours, PlacementStat
from recommendations.selectors import (
    dashboard_builds,
    dashboard_click_through,
    dashboard_coverage,
)
from shop.accounts.factories import UserFactory
from shop.catalogue.factories import ProductFactory

pytestmark = pytest.mark.django_db
DASHBOARD = "/admin/recommendations/build/dashboard/"
Placement = PlacementStat.Placement


@pytest.fixture
def stats():
    today = timezone.localdate()
    rows = [
        (today, Placement.PRODUCT, 200, 10),
        (today, Placement.CART, 40, 10),
        (today - timedelta(days=2), Placement.PRODUCT, 100, 2),
        (today - timedelta(days=2), Placement.HOME_TRENDING, 0, 0),
        (today - timedelta(days=45), Placement.PRODUCT, 1000, 900),  # outside the 30 days
    ]
    for day, placement, impressions, clicks in rows:
        PlacementStat.objects.create(
            day=day, placement=placement, impressions=impressions, clicks=clicks
        )
    return today


@pytest.fixture
def serving():
    """Four active products and an inactive one; the serving build has lists for three."""
    p1, p2, p3, p4 = (ProductFactory() for _ in range(4))
    hidden = ProductFactory(is_active=False)
    old = Build.objects.create(version=1, status=Build.Status.SUCCEEDED)
    for product in (p1, p2, p3, p4):
        ItemNeighbours.objects.create(build=old, product=product, neighbour_ids=[p1.pk, p2.pk])
    build = Build.objects.create(
        version=2,
        status=Build.Status.SUCCEEDED,
        is_current=True,
        duration_seconds=1.25,
        n_users=40,
        n_items=5,
        n_interactions=900,
        metrics={"precision@10": 0.1234, "ndcg@10": 0.3456, "coverage": 0.5, "mystery": 7},
        trending=[p4.pk, hidden.pk],
    )
    ItemNeighbours.objects.create(build=build, product=p1, neighbour_ids=[p2.pk], scores=[0.9])
    ItemNeighbours.objects.create(build=build, product=p2, neighbour_ids=[], scores=[])
    ItemNeighbours.objects.create(
        build=build, product=p3, neighbour_ids=[p1.pk, hidden.pk], scores=[0.5, 0.4]
    )
    ItemNeighbours.objects.create(build=build, product=hidden, neighbour_ids=[p3.pk], scores=[0.3])
    Build.objects.create(version=3, status=Build.Status.FAILED, error="MemoryError: too big")
    return build


def test_click_through_is_clicks_over_impressions_per_day_and_placement(stats):
    today = stats
    clicks = dashboard_click_through(days=30, today=today)
    assert len(clicks.days) == 30 and clicks.days[-1] == today
    assert clicks.ctr(Placement.PRODUCT, today) == pytest.approx(10 / 200)
    assert clicks.ctr(Placement.CART, today) == pytest.approx(10 / 40)
    assert clicks.ctr(Placement.PRODUCT, today - timedelta(days=2)) == pytest.approx(2 / 100)
    # No impressions is no rate (a gap in the line), not a rate of zero.
    assert clicks.ctr(Placement.HOME_TRENDING, today - timedelta(days=2)) is None
    assert clicks.ctr(Placement.PRODUCT, today - timedelta(days=1)) is None
    assert clicks.series(Placement.PRODUCT)[-3:] == [pytest.approx(0.02), None, 0.05]
    totals = {total.placement: total for total in clicks.totals()}
    assert (totals["product"].impressions, totals["product"].clicks) == (300, 12)
    assert totals["product"].ctr == pytest.approx(12 / 300)
    assert totals["home_personal"].ctr is None
    with pytest.raises(ValueError):
        dashboard_click_through(days=0)


def test_coverage_counts_active_products_of_the_serving_build(serving):
    coverage = dashboard_coverage()
    assert coverage.build_version == 2 and coverage.active_products == 4
    assert coverage.with_neighbours == 2  # p1 and p3; p2's list is empty, p4 has none
    assert coverage.with_neighbours_share == pytest.approx(0.5)
    assert coverage.recommendable == 4  # p2 and p1 via lists, p3 via the hidden one's, p4 trending
    assert coverage.recommendable_share == pytest.approx(1.0)


def test_coverage_without_a_serving_build():
    ProductFactory()
    coverage = dashboard_coverage()
    assert coverage.build_version is None and coverage.active_products == 1
    assert coverage.with_neighbours == coverage.recommendable == 0


def test_build_history_shows_each_builds_stored_metrics(serving):
    history = dashboard_builds()
    assert history.metric_names == ["ndcg@10", "precision@10", "coverage", "mystery"]
    assert [build.version for build in history.builds] == [3, 2, 1]
    assert history.builds[1].metrics == [0.3456, 0.1234, 0.5, 7.0]
    assert history.builds[0].metrics == [None, None, None, None]


def test_dashboard_page_shows_the_numbers(client, staff_user, stats, serving):
    client.force_login(staff_user)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    body = response.content.decode()
    product_row = body.split('<tr data-placement="product">')[1].split("</tr>")[0]
    assert re.findall(r"<td>([^<]+)</td>", product_row) == ["300", "12", "4.00%"]
    figure = body.split('<figure class="admin-chart"', 1)[1].split("</figure>", 1)[0]
    assert 'role="img"' in figure and '<title id="ctr-chart-title">' in figure
    assert figure.count("<polyline") == 3  # product (two runs around the gap) and cart
    assert "25.0%" in figure and "5.0%" in figure and "2.0%" in figure
    assert "Cart: complete your order: from 25.0% to 25.0%" in figure  # text alternative
    with_neighbours = body.split('<tr data-measure="with-neighbours">')[1].split("</tr>")[0]
    assert re.findall(r"<td>([^<]+)</td>", with_neighbours) == ["2", "50%"]
    recommendable = body.split('<tr data-measure="recommendable">')[1].split("</tr>")[0]
    assert re.findall(r"<td>([^<]+)</td>", recommendable) == ["4", "100%"]
    version_2 = body.split('<tr data-version="2">')[1].split("</tr>")[0]
    assert "(serving)" in version_2 and "0.3456" in version_2 and "0.1234" in version_2
    assert "MemoryError: too big" in body


def test_dashboard_queries_do_not_grow_with_the_data(
    client, staff_user, stats, serving, django_assert_max_num_queries
):
    client.force_login(staff_user)
    client.get(DASHBOARD)  # warms the session and the reach cache
    for version in range(10, 30):
        Build.objects.create(version=version, status=Build.Status.SUCCEEDED, metrics={"x": 1})
    with django_assert_max_num_queries(12):
        assert client.get(DASHBOARD).status_code == 200


def test_dashboard_with_no_data_at_all(client, staff_user):
    client.force_login(staff_user)
    body = client.get(DASHBOARD).content.decode()
    assert "No build is serving yet" in body and "No build yet" in body


def test_dashboard_is_linked_from_the_builds_and_placement_lists(client, staff_user):
    client.force_login(staff_user)
    for url in (
        reverse("admin:recommendations_build_changelist"),
        reverse("admin:recommendations_placementstat_changelist"),
    ):
        assert DASHBOARD in client.get(url).content.decode()


def test_dashboard_is_for_staff_only(client, customer_client):
    response = customer_client.get(DASHBOARD)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    # Staff without the permission to view builds are refused too.
    clerk = UserFactory(username="clerk", is_staff=True)
    client.force_login(clerk)
    assert client.get(DASHBOARD).status_code == 403
