"""A real Celery worker process over Redis runs the rebuild; the product page then shows the
new neighbours. Needs PostgreSQL (the worker must see the test database) and Redis."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from recommendations.models import Build, Interaction
from shop.celery import app as celery_app

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
DEADLINE_SECONDS = 90


@pytest.fixture
def worker(tmp_path):
    settings = connection.settings_dict
    database_url = (
        f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    )
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "shop.settings.base",
        "SHOP_VAR_DIR": str(tmp_path),
        "RECOMMENDATIONS_BUILD_CHUNKS": "2",
    }
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "shop",
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
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    yield tmp_path / "worker.log"
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


def test_a_worker_process_rebuilds_and_the_page_shows_it(taste_shop, worker, client):
    products, _ = taste_shop
    assert not Build.objects.exists()
    assert Interaction.objects.count() == 240
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        celery_app.send_task("recommendations.tasks.rebuild")
    finally:
        celery_app.conf.task_always_eager = previous
    # Wait for the worker's result to appear in the database (bounded; no fixed sleep).
    deadline = time.monotonic() + DEADLINE_SECONDS
    build = None
    while time.monotonic() < deadline:
        build = Build.objects.filter(status__in=["succeeded", "failed"]).first()
        if build is not None:
            break
        time.sleep(0.2)
    assert build is not None, worker.read_text()[-3000:]
    assert build.status == "succeeded", build.error
    body = client.get(products["tent"].get_absolute_url()).content.decode()
    assert "Customers who bought this also bought" in body
    assert "Camp Stove" in body
