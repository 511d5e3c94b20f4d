"""The assistant's FAQ entries as a fresh shop has them: their data migrations seed them, but
a transactional test's flush deletes them for the tests after it."""

from __future__ import annotations

import importlib

import pytest


def seed_faq() -> None:
    from django.apps import apps

    from customer_service.models import FAQEntry

    if FAQEntry.objects.exists():
        return
    importlib.import_module("customer_service.migrations.0002_default_faq").add_faq(apps, None)
    importlib.import_module("customer_service.migrations.0004_shop_facts_faq").add_facts(apps, None)


@pytest.fixture(autouse=True)
def _faq(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("django_db") or "db" in request.fixturenames:
        request.getfixturevalue("_django_db_helper")
        seed_faq()
