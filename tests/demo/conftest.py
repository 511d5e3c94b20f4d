"""Shared fixtures for the demo-shop generator tests; plain pytest, no Django needed."""

from __future__ import annotations

import pytest

from shop.demo.engine import DemoShop, generate


def pytest_configure(config: pytest.Config) -> None:
    # Registered here rather than in pyproject.toml so this suite stays self-contained.
    config.addinivalue_line(
        "markers", "large: builds the large demo size (a million events); deselect with -m"
    )


@pytest.fixture(scope="session")
def small_shop() -> DemoShop:
    return generate("small", seed=42)


@pytest.fixture(scope="session")
def medium_shop() -> DemoShop:
    return generate("medium", seed=42)
