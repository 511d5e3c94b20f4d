"""The demo's browsing (``manage.py demo_browse``): visits spread over the last days, each
through the serving path with the clock at its moment, so the per-day statistics, the row
events and the views carry the day a shopper would have given them."""

from __future__ import annotations

import random
from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from recommendations.models import PlacementStat, RowEvent
from recommendations.selectors.dashboard import dashboard_click_through
from shop.demo.services.browsing import OPENING_HOURS, visit_moments


def test_visit_moments_cover_every_day_oldest_first_within_opening_hours():
    now = timezone.now()
    moments = visit_moments(visits=150, days=30, now=now, rng=random.Random(1))
    assert len(moments) == 150
    past = [moment for moment in moments if moment is not None]
    today = timezone.localdate(now)
    days = {timezone.localdate(moment) for moment in past}
    assert days == {today - timedelta(days=offset) for offset in range(1, 30)}
    assert moments[len(past) :] == [None] * (150 - len(past))  # today's last, at the real time
    assert past == sorted(past) and all(moment < now for moment in past)
    start, end = OPENING_HOURS
    assert all(start <= timezone.localtime(moment).hour < end for moment in past)


def test_fewer_visits_than_days_take_the_latest_days():
    moments = visit_moments(visits=3, days=30, now=timezone.now(), rng=random.Random(1))
    today = timezone.localdate()
    assert [timezone.localdate(m) if m else today for m in moments] == [
        today - timedelta(days=2),
        today - timedelta(days=1),
        today,
    ]


@pytest.mark.django_db
def test_browsing_fills_each_day_through_the_serving_path():
    call_command("seed_demo", size="small", no_images=True, stdout=StringIO())
    call_command("rebuild_recommendations", stdout=StringIO())
    out = StringIO()
    call_command("demo_browse", visits=40, days=10, stdout=out)
    assert "40 visits over 10 days" in out.getvalue()

    today = timezone.localdate()
    stats = PlacementStat.objects.all()
    days = {stat.day for stat in stats}
    assert len(days) >= 8 and min(days) >= today - timedelta(days=9) and max(days) <= today
    # Every impression of a day is a row shown that day: its first product's shown event.
    firsts = Counter(
        (event.placement, timezone.localdate(event.created_at))
        for event in RowEvent.objects.filter(kind=RowEvent.Kind.SHOWN, position=1)
    )
    assert firsts == Counter(
        {(stat.placement, stat.day): stat.impressions for stat in stats if stat.impressions}
    )
    assert all(event.created_at <= timezone.now() for event in RowEvent.objects.all())
    # Clicks follow a row shown in the same visit, so on the same day.
    for stat in stats:
        assert stat.clicks <= stat.impressions, (stat.placement, stat.day)
    # The dashboard's per-day click-through has history, not just today.
    click_through = dashboard_click_through(days=30)
    with_ctr = [
        day for day in click_through.days if click_through.ctr("home_trending", day) is not None
    ]
    assert len(with_ctr) >= 5


@pytest.mark.parametrize(
    ("command", "options"),
    [
        ("demo_browse", {"visits": 0}),
        ("demo_browse", {"days": 0}),
        ("demo_support", {"conversations": 0}),
    ],
)
def test_the_demo_traffic_commands_refuse_nonsense(command, options):
    with pytest.raises(CommandError, match="at least 1"):
        call_command(command, **options, stdout=StringIO())
