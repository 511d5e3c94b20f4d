"""The browser suite's live server serves /media/ from the tests' own storage."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _media_from_test_storage(settings):  # type: ignore[no-untyped-def]
    settings.ROOT_URLCONF = "tests.browser.media_urls"
