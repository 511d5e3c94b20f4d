"""The staff insights on the seeded demo, refreshed as ``make setup`` refreshes them: each is
non-empty and agrees with itself, and staff see it in admin; and the recommendation rows built on
it make sense (complements, not substitutes).

One medium demo for the whole module (no images; about half a minute), in real transactions:
today's orders go through checkout, which captures payments after its commit.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Sum
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from customer_service.models import Conversation, Message, SupportTicket
from customer_service.selectors.conversations import assistant_statistics
from recommendations.models import PlacementStat, RowEvent
from recommendations.selectors import row_for_cart, row_for_product_together
from shop.accounts.models import Address, User
from shop.catalogue.models import Product
from shop.demo.engine.baskets import KITS
from shop.demo.services.live import KEY_PREFIX
from shop.demo.services.support import SCRIPTS
from shop.forecasting.models import ForecastRun, StockStatus
from shop.forecasting.selectors import low_stock_forecasts, reorder_advice
from shop.orders.models import Order, OrderStatus
from shop.risk.models import Decision, OrderRisk, PaymentFailure, RiskModel
from shop.risk.selectors import held_risks
from shop.segments.models import CustomerSegment, Segment, SegmentRun
from shop.segments.selectors import segment_contradictions

pytestmark = pytest.mark.django_db(transaction=True)
RECENT = (Segment.PROMISING, Segment.LOYAL, Segment.BIG_SPENDERS)


def seed_and_refresh() -> str:
    out = StringIO()
    call_command("seed_demo", size="medium", no_images=True, stdout=out)
    for command in ("forecast_refresh", "score_order_risk", "segments_refresh"):
        call_command(command, stdout=StringIO())
    return out.getvalue()


def staff_with_view_permissions() -> User:
    user = User.objects.create_user("insights", "insights@example.com", "pw", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=("risk", "forecasting", "segments", "orders"),
            codename__startswith="view_",
        )
    )
    return user


def test_every_insight_is_filled_and_self_consistent(client):
    report = seed_and_refresh()

    # Order risk: today's orders went through checkout; a handful wait, each with reasons.
    live = Order.objects.filter(idempotency_key__startswith=KEY_PREFIX)
    assert live.count() >= 20 and live.filter(status=OrderStatus.PAID).count() >= 15
    held = list(held_risks().select_related("order"))
    assert 3 <= len(held) <= 20
    assert all(risk.reasons for risk in held)
    assert PaymentFailure.objects.filter(kind=PaymentFailure.Kind.DECLINED).count() == 3
    decided = OrderRisk.objects.exclude(decision=Decision.PENDING)
    assert set(decided.values_list("decision", flat=True)) == {
        Decision.APPROVED,
        Decision.REJECTED,
    }
    assert all(risk.decided_by is not None and risk.note for risk in decided)
    # The rejected orders were cancelled; the approved one was paid.
    for risk in decided.select_related("order"):
        expected = OrderStatus.CANCELLED if risk.decision == Decision.REJECTED else OrderStatus.PAID
        assert risk.order.status == expected
    # The nightly recalibration learned from those decisions, holding 1-3% of history.
    model = RiskModel.objects.get(is_current=True)
    assert model.n_decisions == decided.count() == 3
    assert 0.01 <= model.metrics["held_share_of_history"] <= 0.03
    assert "waiting for review" in report

    # Saved addresses date from sign-up, not from the seeding.
    joined = dict(User.objects.values_list("pk", "date_joined"))
    historic = Address.objects.exclude(user__username__contains=f"{42}x")
    assert all(a.created_at == joined[a.user_id] for a in historic)

    # Stock: rows of "Low stock soon" are in stock and run out within their lead time;
    # "Stock to reorder" has products out of stock now too, each with a quantity.
    run = ForecastRun.objects.get(is_current=True)
    low = list(low_stock_forecasts())
    assert len(low) >= 3 and run.n_low_stock >= 3
    for row in low:
        assert row.product.stock_quantity > 0
        assert row.days_of_cover is not None and row.days_of_cover <= row.product.lead_time_days
        assert row.reorder_quantity > 0
    advice = list(reorder_advice())
    statuses = {row.stock_status for row in advice}
    assert statuses == {StockStatus.OUT_OF_STOCK, StockStatus.RUNS_OUT}
    assert all(row.reorder_quantity > 0 for row in advice)
    assert all(
        row.stock_at_run == 0 for row in advice if row.stock_status == StockStatus.OUT_OF_STOCK
    )
    assert run.mase is not None and run.baseline_mase is not None and run.method

    # Segments: every member meets its segment's rule.
    assert SegmentRun.objects.filter(status=SegmentRun.Status.SUCCEEDED).exists()
    assert segment_contradictions() == 0
    assert not CustomerSegment.objects.filter(segment__in=RECENT, recency_days__gte=90).exists()
    assert CustomerSegment.objects.values("segment").distinct().count() >= 5

    # Recommendations: shoppers browsed the pages over the last 30 days after a build, so
    # every row they saw and clicked is counted by the serving path on its day (clicks never
    # outnumber impressions), and the dashboard's per-day figures have 30 days of history.
    call_command("rebuild_recommendations", stdout=StringIO())
    cache.clear()
    rows_bring_complements_never_substitutes()
    call_command("demo_browse", visits=60, stdout=StringIO())
    totals = {
        row["placement"]: (row["impressions"], row["clicks"])
        for row in PlacementStat.objects.values("placement").annotate(
            impressions=Sum("impressions"), clicks=Sum("clicks")
        )
    }
    for placement in ("home_personal", "home_trending", "product"):
        assert totals[placement][0] > 0 and totals[placement][1] > 0, placement
    assert all(stat.clicks <= stat.impressions for stat in PlacementStat.objects.all())
    days = PlacementStat.objects.filter(impressions__gt=0).values_list("day", flat=True)
    assert len(set(days)) == 30
    shown = RowEvent.objects.filter(kind=RowEvent.Kind.SHOWN)
    assert shown.filter(position=1).exists() and shown.values("placement").distinct().count() >= 3

    # Support: conversations of every kind through the chat API over the last 30 days; the
    # tickets they opened were answered by staff; what no shop answers counts as unanswered.
    supported = StringIO()
    call_command("demo_support", conversations=len(SCRIPTS), stdout=supported)
    assert f"{len(SCRIPTS)} support conversations" in supported.getvalue()
    assert Conversation.objects.count() == len(SCRIPTS)
    assert len({c.created_at.date() for c in Conversation.objects.all()}) >= 10
    tickets = SupportTicket.objects.all()
    assert tickets and all(t.status == SupportTicket.Status.ANSWERED for t in tickets)
    assert all(t.conversation.messages.filter(sender=Message.Sender.STAFF) for t in tickets)
    statistics = assistant_statistics()
    assert 0 < statistics["fallbacks"] < statistics["messages"]

    # Staff see it all in admin, the review queue at a fixed number of queries.
    client.force_login(staff_with_view_permissions())
    with CaptureQueriesContext(connection) as captured:
        queue = client.get("/admin/risk/heldorder/")
    assert queue.status_code == 200
    assert all(risk.order.number in queue.content.decode() for risk in held)
    assert len(captured) == 8  # as in tests/risk/test_admin_queue.py, whatever the rows
    decisions = client.get("/admin/risk/orderrisk/", {"decision__exact": "rejected"})
    assert "Rejected (fraud)" in decisions.content.decode()
    reorder = client.get("/admin/forecasting/reorderadvice/").content.decode()
    assert "Out of stock now" in reorder and "Runs out within lead time" in reorder
    # Titles as admin writes them: "Meeple & Co", 13.3" are escaped in the page.
    assert all(escape(row.product.title) in reorder for row in advice[:5])
    overview = client.get("/admin/segments/customersegment/overview/").content.decode()
    assert "0 customers are in a segment whose rule they do not meet" in overview

    # Seeding again places no second day of orders.
    before = Order.objects.count()
    call_command("seed_demo", size="medium", no_images=True, stdout=StringIO())
    assert Order.objects.count() == before


def _slug(noun: str) -> str:
    return noun.lower().replace(" ", "-").replace("'", "")


def _most_bought(type_slug: str) -> Product | None:
    return (
        Product.objects.filter(product_type__slug=type_slug, is_active=True)
        .annotate(lines=Count("order_lines"))
        .order_by("-lines", "pk")
        .first()
    )


def rows_bring_complements_never_substitutes() -> None:
    """The demo's baskets (shop.demo.engine.baskets) buy devices with their accessories; a build
    on them brings a phone's case and power bank into "Complete your order", never another
    phone. On the medium demo: the small one has too few orders for any pair to be evidence."""
    accessories = {_slug(noun) for noun in KITS["Smartphone"]}
    phone = _most_bought("smartphone")
    assert phone is not None

    cart = row_for_cart(product_ids=[phone.pk])
    kinds = [p.product_type.slug for p in cart.products]
    assert cart.products and "smartphone" not in kinds
    # The first suggestions are the phone's accessories, more than one kind of them.
    assert set(kinds[:4]) <= accessories and len(accessories & set(kinds)) >= 2, kinds

    together = row_for_product_together(product=phone)
    kinds = [p.product_type.slug for p in together.products]
    assert together.products and "smartphone" not in kinds
    assert set(kinds[:3]) <= accessories, kinds

    # Every kit: a device in the cart never brings a product of its own type.
    for device in KITS:
        product = _most_bought(_slug(device))
        if product is None:
            continue
        row = row_for_cart(product_ids=[product.pk])
        assert product.product_type_id not in {p.product_type_id for p in row.products}
