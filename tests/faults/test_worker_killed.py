"""A worker dies in the middle of a rebuild (deterministic version: the steps a worker runs are
called in-process and stopped where a kill -9 would stop them).

The rebuild tasks are acks_late (CELERY_TASK_ACKS_LATE, reject on worker lost), so the broker
redelivers a task whose worker died: every step must be safe to run again. The previous build
keeps serving throughout, and a later rebuild completes and serves.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from recommendations import tasks
from recommendations.models import Build, Interaction, ItemNeighbours
from recommendations.services import (
    build_compute_chunk,
    build_finish,
    build_run,
    build_start,
)
from shop.accounts.factories import UserFactory
from shop.catalogue.factories import CategoryFactory, ProductFactory
from shop.core.services import STALE_AFTER_HOURS

pytestmark = pytest.mark.django_db


@pytest.fixture
def pairs(db):
    """Tent buyers also buy stoves; kettle buyers also buy mugs."""
    outdoor = CategoryFactory(name="Outdoor", slug="outdoor")
    kitchen = CategoryFactory(name="Kitchen", slug="kitchen")
    products = {
        "tent": ProductFactory(title="Alpine Tent", category=outdoor),
        "stove": ProductFactory(title="Camp Stove", category=outdoor),
        "kettle": ProductFactory(title="Steel Kettle", category=kitchen),
        "mug": ProductFactory(title="Enamel Mug", category=kitchen),
    }
    for i in range(30):
        user = UserFactory(username=f"camper{i}")
        for name in ("tent", "stove") if i < 15 else ("kettle", "mug"):
            Interaction.objects.create(user=user, product=products[name], kind="purchase", weight=1)
    return products


def serving() -> Build:
    return Build.objects.get(is_current=True)


def shows_the_neighbours(products) -> bool:  # type: ignore[no-untyped-def]
    body = Client().get(products["tent"].get_absolute_url()).content.decode()
    return "Similar items" in body and "Camp Stove" in body


def test_acks_late_is_on_for_every_rebuild_task():
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    for task in (tasks.rebuild, tasks.rebuild_chunk, tasks.rebuild_finish, tasks.rebuild_failed):
        assert task.acks_late, task.name


def test_a_rebuild_killed_halfway_leaves_the_previous_build_serving(
    pairs, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = build_run()
    assert shows_the_neighbours(pairs)

    # The worker prepares build 2, computes one of its two slices, and is killed.
    dead, bounds = build_start(n_chunks=2)
    build_compute_chunk(build_id=dead.pk, index=0, item_start=bounds[0][0], item_stop=bounds[0][1])
    dead.refresh_from_db()
    assert dead.status == Build.Status.RUNNING and not dead.is_current
    assert serving() == first
    assert shows_the_neighbours(pairs)
    assert not ItemNeighbours.objects.filter(build=dead).exists()

    # The next rebuild completes and serves; the dead one never does.
    with django_capture_on_commit_callbacks(execute=True):
        second = build_run()
    assert second.status == Build.Status.SUCCEEDED and serving() == second
    assert shows_the_neighbours(pairs)
    dead.refresh_from_db()
    assert not dead.is_current and dead.status == Build.Status.RUNNING

    # Hours later the abandoned build is marked failed by the next rebuild; nothing else moves.
    Build.objects.filter(pk=dead.pk).update(
        started_at=timezone.now() - timedelta(hours=STALE_AFTER_HOURS + 1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        third = build_run()
    dead.refresh_from_db()
    assert dead.status == Build.Status.FAILED and "abandoned" in dead.error
    assert serving() == third


def test_redelivered_steps_are_idempotent(pairs, django_capture_on_commit_callbacks):
    """acks_late: the broker hands a killed worker's task to another worker, which runs it
    again from the start; a chunk computed twice and a finish run twice give one good build."""
    with django_capture_on_commit_callbacks(execute=True):
        first = build_run()
    build, bounds = build_start(n_chunks=2)
    for index, (start, stop) in enumerate(bounds):
        build_compute_chunk(build_id=build.pk, index=index, item_start=start, item_stop=stop)
    # Chunk 0's worker died after computing but before acknowledging: it runs again.
    build_compute_chunk(build_id=build.pk, index=0, item_start=bounds[0][0], item_stop=bounds[0][1])
    assert serving() == first
    with django_capture_on_commit_callbacks(execute=True):
        build_finish(build_id=build.pk)
    rows = ItemNeighbours.objects.filter(build=build).count()
    assert rows == len(pairs)
    # The finish's worker died after committing but before acknowledging: it runs again. The
    # build is no longer running, so the repeat leaves it as it is, and the chord's error
    # handler, should it follow, touches only running builds.
    assert build_finish(build_id=build.pk).status == Build.Status.SUCCEEDED
    tasks.rebuild_failed(build.pk)
    build.refresh_from_db()
    assert build.status == Build.Status.SUCCEEDED and serving() == build
    assert ItemNeighbours.objects.filter(build=build).count() == rows
    assert Build.objects.filter(is_current=True).count() == 1
    assert shows_the_neighbours(pairs)
