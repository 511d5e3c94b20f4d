"""The overview shows the rule table the refresh named customers by, and every member of a
segment meets its segment's rule, on factory data and on customers near the boundaries."""

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
from shop.segments.factories import OrderFactory
from shop.segments.models import CustomerSegment, Segment
from shop.segments.selectors import segment_contradictions, segment_rule_rows
from shop.segments.services import segments_refresh

pytestmark = pytest.mark.django_db
OVERVIEW = "/admin/segments/customersegment/overview/"


@pytest.fixture
def customers(db):  # type: ignore[no-untyped-def]
    """Buyers on both sides of the 90- and 270-day lines, big and small spenders, frequent
    ones, and customers who never ordered (one just past the 30-day line)."""
    now = timezone.now()
    for k, (days, total, orders) in enumerate(
        [
            (3, "40.00", 1),
            (10, "45.00", 1),
            (20, "2500.00", 1),
            (30, "60.00", 5),
            (89.99, "50.00", 1),
            (90.01, "3000.00", 1),
            (90.01, "30.00", 1),
            (150, "70.00", 4),
            (269.99, "55.00", 1),
            (270.01, "65.00", 1),
            (400, "500.00", 1),
        ]
    ):
        user = UserFactory(username=f"buyer{k}", date_joined=now - timedelta(days=500))
        for n in range(orders):
            OrderFactory(user=user, days_ago=days + n, total=Decimal(total))
    UserFactory(username="fresh", date_joined=now - timedelta(days=29.99))
    UserFactory(username="prospect", date_joined=now - timedelta(days=31.5))


@pytest.fixture
def segment_staff(db):  # type: ignore[no-untyped-def]
    user = UserFactory(username="marketer", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="segments", codename__startswith="view_")
    )
    return user


def test_every_member_meets_its_segments_rule(customers):
    run = segments_refresh()
    assert segment_contradictions() == 0
    rows = segment_rule_rows(run)
    assert [row.segment for row in rows] == [s.value for s in Segment]
    assert sum(row.customers for row in rows) == CustomerSegment.objects.count() == 13
    # The 90-day line separates recent buyers from lapsing ones, as the table says.
    lapsed = CustomerSegment.objects.filter(recency_days__gte=90)
    assert not lapsed.filter(
        segment__in=[Segment.PROMISING, Segment.LOYAL, Segment.BIG_SPENDERS]
    ).exists()
    assert CustomerSegment.objects.get(user__username="fresh").segment == Segment.NEW
    assert CustomerSegment.objects.get(user__username="prospect").segment == Segment.PROSPECT


def test_a_member_outside_its_rule_is_counted(customers):
    segments_refresh()
    CustomerSegment.objects.filter(user__username="buyer10").update(segment=Segment.BIG_SPENDERS)
    assert segment_contradictions() == 1


def test_overview_shows_the_rule_table_and_the_check(client, segment_staff, customers):
    run = segments_refresh()
    client.force_login(segment_staff)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(OVERVIEW)
    assert response.status_code == 200
    body = response.content.decode()
    table = body.split('<table id="segment-rules">', 1)[1].split("</table>", 1)[0]
    rules = re.findall(r'<th scope="row"><a [^>]+>([^<]+)</a></th><td>([^<]+)</td>', table)
    assert [label for label, _condition in rules] == [str(s.label) for s in Segment]
    spend = f"{run.rules['big_spend_from']:.2f}"
    assert dict(rules)["Big spenders"] == (
        f"last order less than 90 days ago, fewer than 3 orders but {spend} or more spent"
    )
    assert "0 customers are in a segment whose rule they do not meet" in body
    # Session, user, permissions; the aggregate, the run, the check: a fixed number.
    assert len(captured) <= 8


def test_overview_refuses_staff_without_permission(client, customers):
    segments_refresh()
    client.force_login(UserFactory(username="clerk", is_staff=True))
    assert client.get(OVERVIEW).status_code == 403
