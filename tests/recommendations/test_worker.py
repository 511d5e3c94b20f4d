"""A real Celery worker process over Redis runs the rebuild; the product page then shows the
new neighbours. Needs PostgreSQL (the worker must see the test database) and Redis."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import psycopg
import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from config.celery import app as celery_app
from recommendations.models import Build, Interaction, ItemNeighbours

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
DEADLINE_SECONDS = 90


def start_worker(log_dir: Path, name: str = "worker") -> tuple[subprocess.Popen[bytes], Path]:
    """A real worker process on the test database and Redis; returns it and its log file."""
    settings = connection.settings_dict
    database_url = (
        f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    )
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "SHOP_VAR_DIR": str(log_dir),
        "RECOMMENDATIONS_BUILD_CHUNKS": "2",
    }
    log_path = log_dir / f"{name}.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool",
                "threads",
                "--concurrency",
                "2",
                "--loglevel",
                "INFO",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "--hostname",
                f"{name}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    return process, log_path


def stop_worker(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def worker(tmp_path):  # type: ignore[no-untyped-def]
    process, log_path = start_worker(tmp_path)
    yield log_path
    stop_worker(process)


def queue_rebuild() -> None:
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        celery_app.send_task("recommendations.tasks.rebuild")
    finally:
        celery_app.conf.task_always_eager = previous


def wait_for(condition: Callable[[], object], log_path: Path, what: str) -> object:
    """Poll until ``condition()`` is truthy, within a bound; fails with the worker's log."""
    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}; worker log:\n{log_path.read_text()[-3000:]}")


def test_a_worker_process_rebuilds_and_the_page_shows_it(taste_shop, worker, client):
    products, _ = taste_shop
    assert not Build.objects.exists()
    assert Interaction.objects.count() == 240
    queue_rebuild()
    build = wait_for(
        lambda: Build.objects.filter(status__in=["succeeded", "failed"]).first(),
        worker,
        "the rebuild to end",
    )
    assert isinstance(build, Build)
    assert build.status == "succeeded", build.error
    body = client.get(products["tent"].get_absolute_url()).content.decode()
    assert "Similar items" in body
    assert "Camp Stove" in body


def blocked_on_neighbour_table() -> bool:
    # Asked on the test's own connection, outside the locker's transaction, whose statistics
    # snapshot would never change.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE %s",
            ["%recommendations_itemneighbours%"],
        )
        return cursor.fetchone() is not None


def test_a_worker_killed_mid_rebuild_loses_nothing_and_the_next_rebuild_completes(
    taste_shop, tmp_path, client
):
    """kill -9 while the worker writes a build: the previous build keeps serving, and a new
    worker completes the next rebuild. Deterministic: the test holds a lock on the neighbour
    table, waits until the worker is blocked on it mid-write, and only then kills it."""
    products, _ = taste_shop
    call_command("rebuild_recommendations", stdout=StringIO())
    serving = Build.objects.get(is_current=True)
    page = client.get(products["tent"].get_absolute_url()).content.decode()
    assert "Camp Stove" in page

    settings = connection.settings_dict
    locker = psycopg.connect(
        host=settings["HOST"], port=settings["PORT"], user=settings["USER"], dbname=settings["NAME"]
    )
    process, log_path = start_worker(tmp_path, "doomed")
    try:
        locker.execute("LOCK TABLE recommendations_itemneighbours IN ACCESS EXCLUSIVE MODE")
        queue_rebuild()
        wait_for(blocked_on_neighbour_table, log_path, "the worker to write the neighbour lists")
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=20)
    finally:
        locker.rollback()
        locker.close()
        stop_worker(process)

    killed = Build.objects.exclude(pk=serving.pk).get()
    assert killed.status == Build.Status.RUNNING and not killed.is_current
    assert Build.objects.get(is_current=True) == serving
    cache.clear()  # whatever is cached, the page must come from the database's serving build
    assert "Camp Stove" in client.get(products["tent"].get_absolute_url()).content.decode()

    process, log_path = start_worker(tmp_path, "successor")
    try:
        queue_rebuild()
        finished = wait_for(
            lambda: Build.objects.filter(is_current=True).exclude(pk=serving.pk).first(),
            log_path,
            "the next rebuild to serve",
        )
    finally:
        stop_worker(process)
    assert isinstance(finished, Build)
    assert finished.status == Build.Status.SUCCEEDED and finished.version > killed.version
    assert ItemNeighbours.objects.filter(build=finished).exists()
