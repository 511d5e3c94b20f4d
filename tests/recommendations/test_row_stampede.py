"""After a new build, one worker computes each row; the others show the previous build's row
meanwhile, at no query, instead of all computing it at once."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recommendations.models import Interaction
from recommendations.selectors import row_for_product, serving_build

pytestmark = pytest.mark.django_db


def titles(row):  # type: ignore[no-untyped-def]
    return [p.title for p in row.products]


def test_while_one_worker_computes_a_new_builds_row_the_others_show_the_last_one(
    taste_shop, rebuild
):
    products, customers = taste_shop
    rebuild()
    before = row_for_product(product=products["kettle"])
    assert titles(before)[0] == "Enamel Mug"
    # Tastes change: kettle buyers now buy tents; a new build.
    Interaction.objects.filter(product=products["mug"]).delete()
    for user in customers[40:]:
        Interaction.objects.create(user=user, product=products["tent"], kind="purchase", weight=3)
    second = rebuild()
    serving_build()

    # Another worker holds the new row's lock, computing it.
    new_key = before.key.replace(f"recs:{before.key.split(':')[1]}:", f"recs:{second.version}:")
    assert new_key != before.key
    cache.add(f"lock:{new_key}", 1, 30)
    with CaptureQueriesContext(connection) as shown:
        meanwhile = row_for_product(product=products["kettle"])
    assert titles(meanwhile) == titles(before) and len(shown) == 0

    cache.delete(f"lock:{new_key}")  # it finished (here: it gave up); the next request computes
    after = row_for_product(product=products["kettle"])
    assert after.key == new_key and titles(after)[0] == "Alpine Tent"
