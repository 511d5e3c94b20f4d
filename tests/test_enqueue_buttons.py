"""The admin buttons that queue a job for the workers (shop.core.admin.EnqueueButtonAdmin) and
the shared run services of shop.core.runs, once for every app that uses them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from shop.accounts.factories import UserFactory
from shop.core.services import STALE_AFTER_HOURS, runs_abandon_stale
from shop.forecasting.models import ForecastRun
from shop.segments.models import SegmentRun

pytestmark = pytest.mark.django_db

# (button url name, task module, task name, where the view goes back to, what is not queued)
BUTTONS = [
    (
        "admin:forecasting_forecastrun_refresh",
        "shop.forecasting.tasks",
        "forecast_refresh",
        "admin:forecasting_forecastrun_changelist",
        "no refresh was queued",
    ),
    (
        "admin:segments_refresh",
        "shop.segments.tasks",
        "segments_refresh",
        "admin:segments_overview",
        "no refresh was queued",
    ),
    (
        "admin:risk_riskmodel_retrain",
        "shop.risk.tasks",
        "risk_recalibrate",
        "admin:risk_riskmodel_changelist",
        "no recalibration was queued",
    ),
    (
        "admin:recommendations_build_rebuild",
        "recommendations.tasks",
        "rebuild",
        "admin:recommendations_build_changelist",
        "no rebuild was queued",
    ),
]


@pytest.mark.parametrize(("button", "module", "task", "back_to", "not_queued"), BUTTONS)
def test_a_queue_that_is_down_is_reported_not_a_500(
    client, staff_user, monkeypatch, button, module, task, back_to, not_queued
):
    def broker_down(*args: object, **kwargs: object) -> None:
        raise OperationalError("connection refused")

    monkeypatch.setattr(f"{module}.{task}.delay", broker_down)
    client.force_login(staff_user)
    response = client.post(reverse(button), follow=True)
    assert response.redirect_chain[-1][0] == reverse(back_to)
    body = response.content.decode()
    assert "The task queue is unavailable" in body and not_queued in body


@pytest.mark.parametrize(("button", "module", "task", "back_to", "not_queued"), BUTTONS)
def test_staff_who_may_not_view_the_results_cannot_queue(
    client, monkeypatch, button, module, task, back_to, not_queued
):
    sent = []
    monkeypatch.setattr(f"{module}.{task}.delay", lambda: sent.append(task))
    app_label = button.removeprefix("admin:").split("_")[0]
    staff = UserFactory(is_staff=True)
    # Allowed into the admin by another app's permission, not this one's.
    staff.user_permissions.add(Permission.objects.exclude(content_type__app_label=app_label)[0])
    client.force_login(staff)
    assert client.post(reverse(button)).status_code == 403
    assert sent == []


@pytest.mark.parametrize("model", [ForecastRun, SegmentRun])
def test_runs_left_running_by_a_dead_worker_are_failed_later(model):
    now = timezone.now()
    dead = model.objects.create(started_at=now - timedelta(hours=STALE_AFTER_HOURS + 1))
    busy = model.objects.create(started_at=now - timedelta(hours=1))

    assert runs_abandon_stale(model=model) == 1
    dead.refresh_from_db()
    busy.refresh_from_db()
    assert dead.status == model.Status.FAILED and "abandoned" in dead.error
    assert dead.finished_at is not None
    assert busy.status == model.Status.RUNNING
