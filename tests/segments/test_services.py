"""The refresh service, its task and command, on factory data and on the seeded demo shop."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from shop.accounts.factories import StaffFactory, UserFactory
from shop.orders.models import OrderStatus
from shop.segments import services
from shop.segments.factories import OrderFactory
from shop.segments.models import CustomerSegment, Segment, SegmentRun
from shop.segments.selectors import customer_rfm
from shop.segments.tasks import segments_refresh as refresh_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def shoppers():
    """A frequent recent buyer, one with a single large order, three one-off recent buyers,
    a lapsed one, a customer whose only order was cancelled, a new sign-up and staff."""
    now = timezone.now()
    regular = UserFactory(username="regular", date_joined=now - timedelta(days=400))
    for days in (3, 20, 45, 80, 150):
        OrderFactory(user=regular, days_ago=days, total=Decimal("300.00"))
    OrderFactory(user=regular, days_ago=1, total=Decimal("999.00"), status=OrderStatus.PENDING)
    whale = UserFactory(username="whale", date_joined=now - timedelta(days=100))
    OrderFactory(user=whale, days_ago=8, total=Decimal("2000.00"))
    once = UserFactory(username="once", date_joined=now - timedelta(days=60))
    OrderFactory(user=once, days_ago=12, total=Decimal("40.00"), status=OrderStatus.DELIVERED)
    for name, days, total in (("twice", 30, "55.00"), ("thrice", 50, "60.00")):
        OrderFactory(
            user=UserFactory(username=name, date_joined=now - timedelta(days=90)),
            days_ago=days,
            total=Decimal(total),
        )
    lapsed = UserFactory(username="lapsed", date_joined=now - timedelta(days=700))
    OrderFactory(user=lapsed, days_ago=500, total=Decimal("80.00"), status=OrderStatus.SHIPPED)
    cancelled = UserFactory(username="cancelled", date_joined=now - timedelta(days=200))
    OrderFactory(user=cancelled, days_ago=5, status=OrderStatus.CANCELLED)
    fresh = UserFactory(username="fresh", date_joined=now - timedelta(days=2))
    StaffFactory(username="boss")  # staff are not customers
    return {
        "regular": regular,
        "whale": whale,
        "once": once,
        "lapsed": lapsed,
        "cancelled": cancelled,
        "fresh": fresh,
    }


def test_rfm_counts_only_paid_orders_in_the_window(shoppers):
    now = timezone.now()
    table = customer_rfm(now=now, window_days=365)
    rows = {int(cid): i for i, cid in enumerate(table.customer_ids)}
    staff = StaffFactory(username="boss")
    assert staff.pk not in rows and len(rows) == 8
    regular = rows[shoppers["regular"].pk]
    assert table.frequency[regular] == 5 and table.monetary[regular] == pytest.approx(1500.0)
    assert table.recency_days[regular] == pytest.approx(3.0, abs=0.01)
    lapsed = rows[shoppers["lapsed"].pk]
    assert table.recency_days[lapsed] == pytest.approx(500.0, abs=0.01)
    assert table.frequency[lapsed] == 0 and table.monetary[lapsed] == 0
    assert not table.has_ordered[rows[shoppers["cancelled"].pk]]
    assert table.tenure_days[rows[shoppers["fresh"].pk]] == pytest.approx(2.0, abs=0.01)


def test_refresh_names_every_customer_and_records_the_run(shoppers):
    run = services.segments_refresh()
    assert run.status == SegmentRun.Status.SUCCEEDED and run.error == ""
    assert run.n_customers == 8 and run.n_buyers == 6
    segments = dict(CustomerSegment.objects.values_list("user__username", "segment"))
    assert segments == {
        "regular": Segment.LOYAL,
        "whale": Segment.BIG_SPENDERS,
        "once": Segment.PROMISING,
        "twice": Segment.PROMISING,
        "thrice": Segment.PROMISING,
        "lapsed": Segment.LOST,
        "cancelled": Segment.PROSPECT,
        "fresh": Segment.NEW,
    }
    assert run.sizes == {
        "loyal": 1,
        "big_spenders": 1,
        "promising": 3,
        "lost": 1,
        "prospect": 1,
        "new": 1,
    }
    assert run.duration_seconds is not None and run.finished_at is not None
    assert run.rules["median_monetary"] == pytest.approx(60.0)  # of the 5 active buyers
    regular = CustomerSegment.objects.get(user=shoppers["regular"])
    assert regular.frequency == 5 and regular.monetary == Decimal("1500.00")
    assert regular.run == run and regular.recency_days == pytest.approx(3.0, abs=0.01)


def test_a_refresh_replaces_the_whole_set(shoppers):
    first = services.segments_refresh()
    shoppers["fresh"].delete()
    newcomer = UserFactory(username="newcomer")
    second = services.segments_refresh()
    assert set(CustomerSegment.objects.values_list("run_id", flat=True)) == {second.pk}
    assert CustomerSegment.objects.count() == 8
    assert CustomerSegment.objects.filter(user=newcomer, segment=Segment.NEW).exists()
    assert SegmentRun.objects.filter(pk=first.pk).exists()  # history is kept


def test_a_failed_write_leaves_the_previous_segments_and_records_the_error(shoppers, monkeypatch):
    services.segments_refresh()
    before = list(CustomerSegment.objects.order_by("user_id").values_list("user_id", "segment"))
    original = CustomerSegment.objects.bulk_create

    def half_then_fail(rows, **kwargs):
        original(rows[:2], **kwargs)  # some rows are written before the failure
        raise RuntimeError("disk full")

    monkeypatch.setattr(CustomerSegment.objects, "bulk_create", half_then_fail)
    with pytest.raises(RuntimeError):
        services.segments_refresh()
    after = list(CustomerSegment.objects.order_by("user_id").values_list("user_id", "segment"))
    assert after == before
    failed = SegmentRun.objects.get(status=SegmentRun.Status.FAILED)
    assert failed.error == "RuntimeError: disk full" and failed.finished_at is not None


def test_old_runs_are_pruned_but_never_the_one_in_use(shoppers):
    services.segments_refresh()
    current = services.segments_refresh()
    assert services.segment_runs_prune(keep=0) == 1
    assert list(SegmentRun.objects.values_list("pk", flat=True)) == [current.pk]


def test_the_task_refreshes_and_can_run_twice(shoppers):
    first = refresh_task.delay().get()
    second = refresh_task.delay().get()
    assert SegmentRun.objects.get(pk=second).status == SegmentRun.Status.SUCCEEDED
    assert first != second
    assert set(CustomerSegment.objects.values_list("run_id", flat=True)) == {second}
    assert CustomerSegment.objects.count() == 8


def test_the_command_prints_progress_and_sizes(shoppers):
    out = StringIO()
    call_command("segments_refresh", stdout=out)
    text = out.getvalue()
    assert "Reading customers and their orders" in text
    assert "8 customers, 6 with orders in the last 365 days" in text
    assert "Loyal: 1" in text and "Big spenders: 1" in text and "Lost: 1" in text
    assert "Segments refreshed: 8 customers, 6 with orders" in text


def test_segments_train_and_score_on_the_demo_shop_in_seconds():
    call_command("seed_demo", size="small", seed=3, no_images=True, stdout=StringIO())
    started = timezone.now()
    run = services.segments_refresh()
    elapsed = (timezone.now() - started).total_seconds()
    customers = CustomerSegment.objects.count()
    assert run.status == SegmentRun.Status.SUCCEEDED and customers == run.n_customers >= 40
    assert run.n_clusters >= 4 and run.silhouette is not None and run.silhouette > 0
    assert sum(run.sizes.values()) == customers
    assert len(run.sizes) >= 4  # the demo's customers are told apart
    assert elapsed < 10
    # Deterministic: the same shop at the same moment gives the same segments.
    before = dict(CustomerSegment.objects.values_list("user_id", "segment"))
    services.segments_refresh(now=run.as_of)
    assert dict(CustomerSegment.objects.values_list("user_id", "segment")) == before
