"""The admin buttons that queue a run for the workers (shop.core.admin.RunButtonAdmin) and
the shared run services of shop.core.services, once for every app that uses them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from recommendations.models import Build
from shop.accounts.factories import UserFactory
from shop.core.services import (
    STALE_AFTER_HOURS,
    run_fail,
    run_mark_succeeded,
    run_start,
    run_start_versioned,
    runs_abandon_stale,
    runs_prune,
)
from shop.forecasting.models import ForecastRun
from shop.risk.models import RiskModel
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


@pytest.mark.parametrize("model", [ForecastRun, SegmentRun, Build, RiskModel])
def test_runs_left_running_by_a_dead_worker_are_failed_later(model):
    now = timezone.now()
    versions = {"version": 1} if model in (Build, RiskModel) else {}
    dead = model.objects.create(started_at=now - timedelta(hours=STALE_AFTER_HOURS + 1), **versions)
    versions = {"version": 2} if model in (Build, RiskModel) else {}
    busy = model.objects.create(started_at=now - timedelta(hours=1), **versions)

    assert runs_abandon_stale(model=model) == 1
    dead.refresh_from_db()
    busy.refresh_from_db()
    assert dead.status == model.Status.FAILED and "abandoned" in dead.error
    assert dead.finished_at is not None
    assert busy.status == model.Status.RUNNING


@pytest.mark.parametrize("model", [Build, RiskModel])
def test_versioned_runs_take_the_next_number_and_fail_the_dead_first(model):
    dead = run_start_versioned(model=model)
    model.objects.filter(pk=dead.pk).update(
        started_at=timezone.now() - timedelta(hours=STALE_AFTER_HOURS + 1)
    )
    second = run_start_versioned(model=model)
    third = run_start_versioned(model=model)
    assert (dead.version, second.version, third.version) == (1, 2, 3)
    assert second.status == third.status == model.Status.RUNNING
    dead.refresh_from_db()
    assert dead.status == model.Status.FAILED and "abandoned" in dead.error


def test_a_run_succeeds_once_and_a_late_failure_does_not_overwrite_it():
    run = run_start(model=ForecastRun)
    fields = run_mark_succeeded(run=run)
    run.save(update_fields=fields)
    run_fail(run=run, error="a retried step failed after the finish")
    run.refresh_from_db()
    assert run.status == ForecastRun.Status.SUCCEEDED and run.error == ""
    assert run.finished_at is not None and run.duration_seconds is not None
    assert run.duration_seconds >= 0 and run.finished_at >= run.started_at


def test_a_failure_is_recorded_with_its_error_cut_to_size():
    run = run_start(model=SegmentRun)
    run_fail(run=run, error="x" * 10_000)
    run.refresh_from_db()
    assert run.status == SegmentRun.Status.FAILED and len(run.error) == 4000


def test_pruning_keeps_the_newest_the_running_and_the_protected():
    now = timezone.now()
    runs = [
        ForecastRun.objects.create(
            started_at=now - timedelta(days=age), status=ForecastRun.Status.SUCCEEDED
        )
        for age in range(5)
    ]  # runs[0] is the newest
    running = ForecastRun.objects.create(started_at=now - timedelta(days=9))
    assert runs_prune(model=ForecastRun, keep=2, protected={runs[4].pk}) == 2
    left = set(ForecastRun.objects.values_list("pk", flat=True))
    assert left == {runs[0].pk, runs[1].pk, runs[4].pk, running.pk}


def test_versioned_runs_are_pruned_newest_version_first():
    now = timezone.now()
    # Version 3 started earliest (its clock was off): the version still decides.
    for version, age in ((1, 2), (2, 1), (3, 5)):
        Build.objects.create(
            version=version, started_at=now - timedelta(hours=age), status=Build.Status.FAILED
        )
    assert runs_prune(model=Build, keep=2, newest_first=["-version"]) == 1
    assert sorted(Build.objects.values_list("version", flat=True)) == [2, 3]
