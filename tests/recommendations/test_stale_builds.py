"""Issue 13, finding 9: a build killed mid-run comes back (the broker redelivers its
unacknowledged chunks after the visibility timeout) and must not replace a newer build."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from recommendations.models import Build
from recommendations.selectors import serving_build
from recommendations.services import builds
from shop.core.services import runs_abandon_stale

pytestmark = [pytest.mark.hardening, pytest.mark.django_db]


def chunk_of(build: Build, bounds: list[tuple[int, int]]) -> None:
    (start, stop) = bounds[0]
    builds.build_compute_chunk(build_id=build.pk, index=0, item_start=start, item_stop=stop)


def test_an_old_build_finishing_late_does_not_replace_the_newer_one(taste_shop, rebuild):
    old = builds.build_create()
    old_bounds = builds.build_prepare(build=old)
    newer = rebuild()  # started and finished while the old one's worker was gone
    assert serving_build().version == newer.version > old.version

    chunk_of(old, old_bounds)  # its chunk is redelivered, and its chord completes
    finished = builds.build_finish(build_id=old.pk)

    assert finished.status == Build.Status.FAILED and "newer build" in finished.error
    assert not finished.is_current
    assert serving_build().version == newer.version
    assert Build.objects.filter(is_current=True).get().pk == newer.pk


def test_chunks_of_an_abandoned_build_are_dropped(taste_shop, rebuild):
    old = builds.build_create()
    old_bounds = builds.build_prepare(build=old)
    Build.objects.filter(pk=old.pk).update(started_at=old.started_at.replace(year=2000))
    assert runs_abandon_stale(model=Build) == 1
    serving = rebuild()

    chunk_of(old, old_bounds)
    old.refresh_from_db()
    assert old.chunks_done == 0  # dropped before any work
    assert cache.get(builds._chunk_key(old.pk, 0)) is None
    builds.build_finish(build_id=old.pk)
    old.refresh_from_db()
    assert old.status == Build.Status.FAILED and not old.is_current
    assert serving_build().version == serving.version


def test_an_older_build_may_serve_while_no_newer_one_has_finished(taste_shop):
    """Overtaking is about finished builds: a newer build still running does not stop an older
    one from serving (it replaces it when it finishes)."""
    old = builds.build_create()
    old_bounds = builds.build_prepare(build=old)
    newer = builds.build_create()
    builds.build_prepare(build=newer)
    chunk_of(old, old_bounds)
    assert builds.build_finish(build_id=old.pk).is_current
    assert Build.objects.get(pk=newer.pk).status == Build.Status.RUNNING
