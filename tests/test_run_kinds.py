"""Each kind of run is described once (shop.core.runs.RunKind) and its enqueue, queue-down
error, management command and admin button come from that description: checked here for
every kind the shop has, and for the shared pieces on a kind made up for the test."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from celery.backends.asynchronous import E_RETRY_LIMIT_EXCEEDED  # type: ignore[attr-defined]
from django.conf import settings
from django.contrib import admin
from django.core.management import CommandError, call_command, get_commands, load_command_class
from kombu.exceptions import OperationalError

from recommendations.tasks import REBUILD
from shop.core.admin import RunButtonAdmin
from shop.core.commands import RunCommand
from shop.core.errors import ServiceUnavailableError
from shop.core.models import Run
from shop.core.runs import RunKind, TaskQueueUnavailable
from shop.forecasting.models import ForecastRun
from shop.forecasting.tasks import FORECAST_REFRESH
from shop.risk.tasks import RISK_RECALIBRATION
from shop.segments.tasks import SEGMENTS_REFRESH

KINDS = [REBUILD, FORECAST_REFRESH, RISK_RECALIBRATION, SEGMENTS_REFRESH]
IDS = [kind.command for kind in KINDS]


class Sent:
    """Stands in for a Celery task's ``delay``: records the call, or fails like a broker."""

    def __init__(self, error: Exception | None = None) -> None:
        self.calls = 0
        self.error = error

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        self.calls += 1
        if self.error is not None:
            raise self.error


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_other_runtime_errors_are_not_taken_for_a_queue_outage(kind, monkeypatch):
    monkeypatch.setattr(kind.task, "delay", Sent(RuntimeError("a bug in the caller")))
    with pytest.raises(RuntimeError, match="a bug in the caller"):
        kind.enqueue()


def admin_of(kind: RunKind) -> RunButtonAdmin:
    (found,) = [
        model_admin
        for model_admin in admin.site._registry.values()
        if isinstance(model_admin, RunButtonAdmin) and model_admin.run_kind is kind
    ]
    return found


# --- every kind of the shop ------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_every_kind_is_a_run_its_nightly_task_and_its_command(kind):
    assert issubclass(kind.model, Run) and not kind.model._meta.abstract
    nightly = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert kind.task.name in nightly  # what staff start is what beat runs
    command = load_command_class(get_commands()[kind.command], kind.command)
    assert isinstance(command, RunCommand) and command.kind is kind
    assert command.help == kind.command_help
    assert "--async" in command.create_parser("manage.py", kind.command).format_help()


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
@pytest.mark.parametrize(
    "error",
    [
        OperationalError("connection refused"),
        ConnectionError("reset"),
        OSError("no route"),
        # What Celery raises when a task that keeps its result cannot reach the result store.
        RuntimeError(E_RETRY_LIMIT_EXCEEDED),
    ],
    ids=["kombu", "connection", "os", "result-store"],
)
def test_a_queue_that_is_down_is_the_kinds_own_503(kind, error, monkeypatch):
    monkeypatch.setattr(kind.task, "delay", Sent(error))
    with pytest.raises(TaskQueueUnavailable) as raised:
        kind.enqueue()
    assert isinstance(raised.value, ServiceUnavailableError)
    assert (raised.value.status, raised.value.code) == (503, "queue_unavailable")
    assert raised.value.message == str(kind.unavailable)
    assert "The task queue is unavailable" in raised.value.message
    assert raised.value.__cause__ is error


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_the_command_with_async_queues_and_runs_nothing_here(kind, monkeypatch):
    sent = Sent()
    monkeypatch.setattr(kind.task, "delay", sent)
    out = StringIO()
    call_command(kind.command, "--async", stdout=out)
    assert sent.calls == 1 and str(kind.queued) in out.getvalue()
    assert not kind.model.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_the_command_says_when_the_queue_is_down_and_how_to_run_it_here(kind, monkeypatch):
    monkeypatch.setattr(kind.task, "delay", Sent(OperationalError("connection refused")))
    with pytest.raises(CommandError) as raised:
        call_command(kind.command, "--async", stdout=StringIO())
    assert str(kind.unavailable) in str(raised.value)
    assert f"manage.py {kind.command} (without --async)" in str(raised.value)
    assert not kind.model.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_the_admin_button_is_the_kinds(kind, client, staff_user, monkeypatch):
    sent = Sent()
    monkeypatch.setattr(kind.task, "delay", sent)
    model_admin = admin_of(kind)
    button = model_admin.run_button()
    assert button["label"] == kind.button
    assert button["action"].endswith(f"/{kind.verb}/")
    client.force_login(staff_user)
    assert client.get(button["action"]).status_code == 405  # a link or prefetch starts nothing
    response = client.post(button["action"], follow=True)
    assert sent.calls == 1 and str(kind.queued) in response.content.decode()
    # The page the button went back to shows it, with the kind's label.
    page = response.content.decode()
    assert f'action="{button["action"]}"' in page and str(kind.button) in page


# --- the shared pieces, on a kind made up for the test --------------------------------------


class FakeTask:
    name = "tests.fake_refresh"

    def __init__(self) -> None:
        self.delay = Sent()


FAKE = RunKind(
    model=ForecastRun,
    task=FakeTask(),
    verb="refresh",
    button="Refresh it",
    queued="Fake refresh queued.",
    unavailable="The task queue is unavailable, so no fake refresh was queued.",
    command="fake_refresh",
    command_help="Refresh the fakes.",
)


class FakeCommand(RunCommand):
    kind = FAKE

    def add_run_arguments(self, parser: Any) -> None:
        parser.add_argument("--size", type=int, default=3)

    def check_options(self, *, run_async: bool, size: int, **options: Any) -> None:
        if size < 1:
            raise CommandError("--size must be at least 1")

    def run(self, *, size: int, **options: Any) -> str:
        for step in range(size):
            self.progress(f"step {step + 1}/{size}")
        return f"{size} fakes refreshed"


def test_the_command_help_is_the_descriptions():
    assert FakeCommand.help == "Refresh the fakes."


def test_the_command_prints_progress_then_the_closing_line():
    out = StringIO()
    call_command(FakeCommand(), size=2, stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[:2] == ["  step 1/2", "  step 2/2"]
    assert lines[2].endswith("2 fakes refreshed")
    assert FAKE.task.delay.calls == 0


def test_bad_options_are_refused_before_anything_runs_or_is_queued():
    out = StringIO()
    with pytest.raises(CommandError, match="--size must be at least 1"):
        call_command(FakeCommand(), "--async", size=0, stdout=out)
    assert out.getvalue() == "" and FAKE.task.delay.calls == 0


def test_async_queues_once_and_says_so(monkeypatch):
    sent = Sent()
    monkeypatch.setattr(FAKE.task, "delay", sent)
    out = StringIO()
    call_command(FakeCommand(), "--async", stdout=out)
    assert sent.calls == 1 and out.getvalue().strip().endswith("Fake refresh queued.")
