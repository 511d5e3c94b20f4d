"""Shared fixtures, and the rule for tests that need a real service.

Tests marked ``postgres`` or ``redis`` are skipped, with the reason shown, when DATABASE_URL or
REDIS_URL does not point at one. With REQUIRE_SERVICES=1 (as CI sets it) a missing service is an
error instead, so CI can never pass by skipping them.
"""

from __future__ import annotations

import importlib
import os
import shutil
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.core.cache import cache

from shop.accounts.factories import DEFAULT_PASSWORD, StaffFactory, UserFactory
from shop.catalogue.factories import CategoryFactory, ProductFactory

HAS_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
HAS_REDIS = os.environ.get("REDIS_URL", "").startswith("redis://")
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def pytest_configure(config: pytest.Config) -> None:
    if REQUIRE_SERVICES and not (HAS_POSTGRES and HAS_REDIS):
        raise pytest.UsageError(
            "REQUIRE_SERVICES=1 but DATABASE_URL (PostgreSQL) or REDIS_URL (Redis) is not set"
        )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://...")
    skip_redis = pytest.mark.skip(reason="needs Redis: set REDIS_URL=redis://...")
    for item in items:
        if item.get_closest_marker("postgres") and not HAS_POSTGRES:
            item.add_marker(skip_pg)
        if item.get_closest_marker("redis") and not HAS_REDIS:
            item.add_marker(skip_redis)


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    """Every test starts with an empty cache (only this project's keys, when it is Redis)."""
    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern("*")
    else:
        cache.clear()
    yield


DB_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}


@pytest.fixture(autouse=True)
def _shop_geography(request: pytest.FixtureRequest) -> None:
    """Shipping zones and VAT rates as a fresh shop has them. Their data migrations seed them,
    but a transactional test's flush deletes them for the tests after it."""
    if not (
        DB_FIXTURES & set(request.fixturenames) or request.node.get_closest_marker("django_db")
    ):
        return
    request.getfixturevalue("_django_db_helper")
    from django.apps import apps

    from shop.shipping.models import ShippingZone
    from shop.taxes.models import TaxRate

    if TaxRate.objects.exists() and ShippingZone.objects.exists():
        return
    for migration in (
        "shop.taxes.migrations.0002_vat_rates",
        "shop.shipping.migrations.0002_default_zones",
    ):
        importlib.import_module(migration).seed(apps, None)


@pytest.fixture(autouse=True)
def _payment_ledger(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Every test starts with an empty test-gateway ledger, as a fresh sandbox account would."""
    settings.PAYMENT_TEST_GATEWAY_LEDGER = tmp_path / "test-gateway.sqlite3"


@pytest.fixture
def password() -> str:
    return DEFAULT_PASSWORD


@pytest.fixture
def customer(db):  # type: ignore[no-untyped-def]
    return UserFactory()


@pytest.fixture
def staff_user(db):  # type: ignore[no-untyped-def]
    return StaffFactory(username="staff")


@pytest.fixture
def customer_client(client, customer):  # type: ignore[no-untyped-def]
    client.force_login(customer)
    return client


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (tests/browser, tests/e2e); skipped with a reason
    when it is missing, an error under REQUIRE_SERVICES=1."""
    if not shutil.which(CHROMIUM):
        if REQUIRE_SERVICES:
            pytest.fail(f"Chromium not found at {CHROMIUM}")
        pytest.skip(f"needs Chromium at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the test's ORM calls are
    # still synchronous, which Django allows once told so.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


# A small catalogue shared by the page and API tests.
@pytest.fixture
def tree(db):  # type: ignore[no-untyped-def]
    """Electronics > Audio > Headphones, and Garden beside it."""
    electronics = CategoryFactory(name="Electronics", slug="electronics", position=1)
    audio = CategoryFactory(name="Audio", slug="audio", parent=electronics)
    headphones = CategoryFactory(name="Headphones", slug="headphones", parent=audio)
    garden = CategoryFactory(name="Garden", slug="garden", position=2)
    return {"electronics": electronics, "audio": audio, "headphones": headphones, "garden": garden}


@pytest.fixture
def products(tree):  # type: ignore[no-untyped-def]
    return {
        "anc": ProductFactory(
            title="Noise Cancelling Headphones",
            slug="anc-headphones",
            brand="Sonora",
            category=tree["headphones"],
            price=Decimal("199.00"),
            rating_average=Decimal("4.6"),
            rating_count=12,
            popularity=50,
            stock_quantity=5,
            description="Over-ear wireless headphones with active noise cancelling.",
        ),
        "speaker": ProductFactory(
            title="Bookshelf Speaker",
            slug="bookshelf-speaker",
            brand="Sonora",
            category=tree["audio"],
            price=Decimal("89.00"),
            rating_average=Decimal("3.9"),
            rating_count=5,
            popularity=80,
            stock_quantity=3,
            description="Compact speaker; pairs well with our headphones.",
        ),
        "hose": ProductFactory(
            title="Garden Hose 25m",
            slug="garden-hose",
            brand="Greenline",
            category=tree["garden"],
            price=Decimal("24.50"),
            rating_average=Decimal("2.5"),
            rating_count=3,
            popularity=10,
            stock_quantity=0,
            description="Kink-free hose for lawns and beds.",
        ),
    }
