"""One worker computes a missing cached value; the others serve the last one meanwhile."""

from __future__ import annotations

import threading

import pytest
from django.core.cache import cache

from shop.core.single_flight import cached_once


class Counting:
    """A computation that counts its runs (and can be held inside, as a slow one is)."""

    def __init__(self, value: str) -> None:
        self.value = value
        self.runs = 0
        self.inside = threading.Event()
        self.release = threading.Event()
        self.release.set()

    def __call__(self) -> str:
        self.runs += 1
        self.inside.set()
        assert self.release.wait(10), "the test never let the computation finish"
        return self.value


def once(compute: Counting, key: str = "v2:row") -> str:
    return cached_once(
        key=key, stale_key="latest:row", compute=compute, timeout=60, stale_timeout=600
    )


@pytest.fixture(autouse=True)
def empty_cache():  # type: ignore[no-untyped-def]
    cache.clear()
    yield
    cache.clear()


def test_a_miss_computes_once_and_stores_the_value_and_its_stale_copy():
    compute = Counting("new")
    assert once(compute) == once(compute) == "new"
    assert compute.runs == 1
    assert cache.get("latest:row") == "new"
    assert cache.get("lock:v2:row") is None  # the lock is given back


def test_while_another_worker_computes_the_last_value_is_served():
    once(Counting("old"), key="v1:row")  # the previous build's row
    cache.add("lock:v2:row", 1, 30)  # another worker is computing the new one
    compute = Counting("new")
    assert once(compute) == "old"
    assert compute.runs == 0
    cache.delete("lock:v2:row")
    assert once(compute) == "new" and compute.runs == 1


def test_with_nothing_to_serve_a_worker_computes_without_waiting_or_storing():
    cache.add("lock:v2:row", 1, 30)
    compute = Counting("new")
    assert once(compute) == "new"
    assert compute.runs == 1
    assert cache.get("v2:row") is None  # the lock holder stores it


def test_a_failed_computation_gives_the_lock_back():
    def broken() -> str:
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        cached_once(
            key="v2:row", stale_key="latest:row", compute=broken, timeout=60, stale_timeout=60
        )
    compute = Counting("new")
    assert once(compute) == "new" and compute.runs == 1


def test_two_threads_missing_together_compute_once():
    once(Counting("old"), key="v1:row")
    slow = Counting("new")
    slow.release.clear()
    first = threading.Thread(target=once, args=(slow,))
    first.start()
    assert slow.inside.wait(10)  # the first worker holds the lock, computing
    second = Counting("new")
    assert once(second) == "old"  # the second serves the last row, not computing it again
    slow.release.set()
    first.join(10)
    assert slow.runs == 1 and second.runs == 0
    assert once(second) == "new" and second.runs == 0
