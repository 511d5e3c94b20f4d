"""The staff home page on the admin index: today's orders and revenue against last week, what
waits (held orders, stock, open tickets), recommendation click-through; each part only for
staff who may view its admin, at a fixed number of queries."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from recommendations.models import PlacementStat
from shop.accounts.factories import UserFactory
from shop.forecasting.factories import OrderFactory
from shop.orders.models import OrderStatus
from shop.orders.selectors import daily_sales
from shop.risk.factories import OrderRiskFactory

pytestmark = pytest.mark.django_db
INDEX = "/admin/"


def at_noon(days_ago: int) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


@pytest.fixture
def shop_day(db):  # type: ignore[no-untyped-def]
    """Three orders today (one pending), one a week ago, a held order, a day of CTR."""
    for total, status in (("30.00", OrderStatus.PAID), ("20.00", OrderStatus.DELIVERED)):
        OrderFactory(total=Decimal(total), status=status, created_at=at_noon(0))
    OrderFactory(total=Decimal("99.00"), status=OrderStatus.PENDING, created_at=at_noon(0))
    OrderFactory(total=Decimal("40.00"), created_at=at_noon(7))
    OrderRiskFactory(score=90, order__created_at=at_noon(1))
    PlacementStat.objects.create(
        day=timezone.localdate(), placement="cart", impressions=200, clicks=10
    )


def staff_with(*apps):  # type: ignore[no-untyped-def]
    user = UserFactory(username="-".join(apps) or "nobody", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=apps, codename__startswith="view_")
    )
    return user


def test_daily_sales_count_orders_and_paid_revenue_per_day(shop_day):
    today = timezone.localdate()
    sales = daily_sales(days=[today, today - timedelta(days=7), today - timedelta(days=3)])
    assert sales[today].orders == 3  # the held order is from yesterday
    assert sales[today].revenue == Decimal("50.00")  # the pending order is not revenue yet
    assert sales[today - timedelta(days=7)].revenue == Decimal("40.00")
    assert sales[today - timedelta(days=3)].orders == 0


def test_the_home_shows_sales_queue_and_ctr_with_their_numbers(client, shop_day):
    client.force_login(
        staff_with("orders", "risk", "forecasting", "customer_service", "recommendations")
    )
    with CaptureQueriesContext(connection) as captured:
        page = client.get(INDEX)
    assert page.status_code == 200
    html = page.content.decode()
    home = html.split('<div id="staff-home"', 1)[1].split("</figure>\n</div>", 1)[0]
    assert "Orders held for review</a></th><td>1</td>" in home
    assert "Open support tickets</a></th><td>0</td>" in home
    assert '<th scope="row">Today</th><td>3</td>' in home
    assert '<th scope="row">Same day last week</th><td>1</td>' in home
    assert '<th scope="row">Today</th><td>50.00</td>' in home
    assert "Cart: complete your order (10/200)</th><td>5.0%</td>" in home
    assert home.count('role="img"') == 3
    # The user and their user and group permissions, one count per tile, the week's sales and
    # the click-through in one aggregate each, and the admin's recent actions.
    assert len(captured) == 10


def test_staff_see_only_what_they_may_view(client, shop_day):
    client.force_login(staff_with("risk"))
    html = client.get(INDEX).content.decode()
    assert "Orders held for review" in html
    assert "Orders placed" not in html and "Open support tickets" not in html

    client.force_login(staff_with())
    assert 'id="staff-home"' not in client.get(INDEX).content.decode()
