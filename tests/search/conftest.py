from __future__ import annotations

import pytest

from tests.search.fixtures import catalogue  # noqa: F401  (a fixture)


@pytest.fixture(autouse=True)
def _no_waiting_counts():  # type: ignore[no-untyped-def]
    """Search counts other tests left waiting in the process are not this test's."""
    from shop.search import services

    services._pending.clear()
