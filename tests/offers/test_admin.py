"""Staff pin and exclude offers, and read how each offer does per segment (chart and table)."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shop.accounts.factories import UserFactory
from shop.offers.models import DEFAULT_SEGMENT, OfferSetting, OfferStat
from shop.promotions.factories import PromotionFactory

from .conftest import shown_offers

pytestmark = pytest.mark.django_db
DASHBOARD = "/admin/offers/offersetting/dashboard/"


def stat(promotion, segment, *, days_ago=0, placement="home", **counts):  # type: ignore[no-untyped-def]
    return OfferStat.objects.create(
        day=timezone.localdate() - timedelta(days=days_ago),
        promotion=promotion,
        segment=segment,
        placement=placement,
        **counts,
    )


def test_staff_pin_an_offer_and_shoppers_see_it(client, staff_user, promotions):
    other = PromotionFactory(name="Other sale")
    client.force_login(staff_user)
    response = client.post(
        "/admin/offers/offersetting/add/", {"promotion": other.pk, "mode": "pinned"}
    )
    assert response.status_code == 302
    assert OfferSetting.objects.get().mode == OfferSetting.Mode.PINNED
    client.logout()
    for _ in range(10):
        assert shown_offers(client.get("/cart/").content) == [other.pk]


def test_staff_exclude_an_offer_from_the_list(client, staff_user, promotions):
    setting = OfferSetting.objects.create(promotion=promotions["open"])
    client.force_login(staff_user)
    response = client.post(
        "/admin/offers/offersetting/",
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": setting.pk,
            "form-0-mode": "excluded",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    setting.refresh_from_db()
    assert setting.mode == OfferSetting.Mode.EXCLUDED
    client.logout()
    assert b"offer-slot" not in client.get("/cart/").content


def test_one_setting_per_promotion(client, staff_user, promotions):
    OfferSetting.objects.create(promotion=promotions["open"], mode="pinned")
    client.force_login(staff_user)
    response = client.post(
        "/admin/offers/offersetting/add/", {"promotion": promotions["open"].pk, "mode": "excluded"}
    )
    assert response.status_code == 200  # the form again, with the error
    assert "already exists" in response.content.decode()
    assert OfferSetting.objects.get().mode == "pinned"


def test_the_dashboard_shows_each_offer_and_segment_as_a_chart_and_a_table(client, staff_user):
    spring = PromotionFactory(name="Spring sale")
    winter = PromotionFactory(name="Winter sale")
    stat(spring, "loyal", impressions=200, clicks=20, conversions=4, revenue=Decimal("180.50"))
    stat(spring, "loyal", placement="cart", impressions=100, clicks=10, conversions=2)
    stat(spring, DEFAULT_SEGMENT, impressions=400, clicks=12, conversions=1, revenue=Decimal("30"))
    stat(winter, "loyal", impressions=50, clicks=1)
    stat(winter, "loyal", days_ago=40, impressions=1000, clicks=100, conversions=50)
    client.force_login(staff_user)
    html = client.get(DASHBOARD).content.decode()
    table = html.split('<table id="offers-table">', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr data-offer=\"(\d+)\" data-segment=\"(\w+)\">(.*?)</tr>", table, re.S)
    cells = {
        (int(pk), segment): re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", body)
        for pk, segment, body in rows
    }
    # The last 30 days by default: both placements together, the 40-day-old row left out.
    assert cells == {
        (spring.pk, "loyal"): [
            "Spring sale", "Loyal", "300", "30", "10.0%", "6", "2.00%", "180.50"
        ],
        (spring.pk, DEFAULT_SEGMENT): [
            "Spring sale", "Visitors and customers not yet segmented", "400", "12", "3.0%", "1",
            "0.25%", "30.00",
        ],
        (winter.pk, "loyal"): ["Winter sale", "Loyal", "50", "1", "2.0%", "0", "0.00%", "0.00"],
    }  # fmt: skip
    # Most converting first, in the table and the chart alike.
    assert [key for key in cells] == [
        (spring.pk, "loyal"),
        (spring.pk, DEFAULT_SEGMENT),
        (winter.pk, "loyal"),
    ]
    figure = html.split('<figure class="admin-chart"', 1)[1].split("</figure>", 1)[0]
    svg = figure.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert 'role="img"' in svg and '<title id="offers-chart-title">' in svg
    assert svg.count("<rect") == 3
    assert "Spring sale · Loyal: 6" in svg  # the description names every bar's value
    everything = client.get(DASHBOARD, {"period": "all"}).content.decode()
    assert "<td data-segment" not in everything
    assert "1050" in everything  # winter's old impressions count in "all time"


def test_the_dashboard_is_for_staff_who_may_see_offers(client, customer, promotions):
    client.force_login(customer)
    assert client.get(DASHBOARD).status_code == 302  # to the admin's login
    nobody = UserFactory(username="nobody", is_staff=True)
    client.force_login(nobody)
    assert client.get(DASHBOARD).status_code == 403
    viewer = UserFactory(username="viewer", is_staff=True)
    viewer.user_permissions.set(
        Permission.objects.filter(content_type__app_label="offers", codename__startswith="view_")
    )
    client.force_login(viewer)
    assert client.get(DASHBOARD).status_code == 200


def test_the_dashboards_queries_do_not_grow_with_offers(client, staff_user):
    client.force_login(staff_user)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(DASHBOARD).status_code == 200
        return len(queries.captured_queries)

    for n in range(2):
        stat(PromotionFactory(), "loyal", impressions=10 + n)
    few = count()
    for n in range(6):
        stat(PromotionFactory(), f"seg{n}", impressions=10 + n)
    assert count() == few
