"""Staff's daily e-mail: the orders held for review and the stock to reorder, once a day, to
the staff who may act on them."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core import mail

from shop.accounts.factories import StaffFactory, UserFactory
from shop.catalogue.factories import ProductFactory
from shop.forecasting.factories import ForecastRunFactory, ProductForecastFactory
from shop.forecasting.models import StockStatus
from shop.risk.factories import OrderRiskFactory
from shop.risk.models import Decision
from shop.risk.services import staff_digest_queue, staff_digest_send
from shop.risk.tasks import staff_digest as staff_digest_task

pytestmark = pytest.mark.django_db
DAY = date(2026, 3, 2)


@pytest.fixture
def waiting(db):  # type: ignore[no-untyped-def]
    """Two held orders (one decided already), one product out of stock, one running out."""
    OrderRiskFactory(score=91, reasons=["2 declined card payments in the last 24 h"])
    OrderRiskFactory(score=80, decision=Decision.REJECTED)
    run = ForecastRunFactory(is_current=True)
    for title, stock, status, reorder in (
        ("Empty Teapot", 0, StockStatus.OUT_OF_STOCK, 12),
        ("Scarce Kettle", 2, StockStatus.RUNS_OUT, 20),
        ("Plentiful Mug", 500, StockStatus.ENOUGH, 0),
    ):
        product = ProductFactory(title=title, stock_quantity=stock, lead_time_days=7)
        ProductForecastFactory(
            run=run,
            product=product,
            stock_at_run=stock,
            days_of_cover=0 if stock == 0 else 3,
            stock_status=status,
            reorder_quantity=reorder,
        )


@pytest.fixture
def planner(db):  # type: ignore[no-untyped-def]
    user = UserFactory(username="planner", email="planner@example.com", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="forecasting", codename="view_reorderadvice"
        )
    )
    return user


def test_the_digest_names_held_orders_and_stock_to_reorder(
    waiting, planner, django_capture_on_commit_callbacks
):
    boss = StaffFactory(username="boss", email="boss@example.com")
    UserFactory(username="clerk", email="clerk@example.com", is_staff=True)  # no permission
    UserFactory(username="shopper", email="shopper@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        staff_digest_queue(day=DAY)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.bcc) == [boss.email, planner.email]
    assert message.to == [settings.DEFAULT_FROM_EMAIL]
    assert message.subject == (
        "Brightcart: 1 orders held for review, 1 products out of stock, 1 running out"
    )
    body = message.body
    assert "score 91: 2 declined card payments in the last 24 h" in body
    assert "Empty Teapot" in body and "order 12" in body
    assert "Scarce Kettle" in body and "2 left" in body and "order 20" in body
    assert "Plentiful Mug" not in body
    assert message.extra_headers["Message-ID"]


def test_one_digest_a_day_whatever_the_retries(
    waiting, planner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        staff_digest_queue(day=DAY)
        staff_digest_queue(day=DAY)
    with django_capture_on_commit_callbacks(execute=True):
        staff_digest_task.delay()
    assert len(mail.outbox) == 2  # the 2nd of March once, and today once


def test_nothing_waiting_sends_nothing(planner):
    assert staff_digest_send(day=DAY) == 0
    assert mail.outbox == []


def test_the_digest_is_scheduled_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["risk-staff-digest"]
    assert entry["task"] == staff_digest_task.name


def test_the_command_sends_it_now(waiting, planner):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("send_staff_digest", stdout=out)
    assert "sent to 1 staff" in out.getvalue() and len(mail.outbox) == 1
