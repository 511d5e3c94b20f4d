"""Price history holds whoever changes a price: bulk updates, bulk_update, raw SQL, not only
``save()``; the EU's 30-day lowest price is read from it."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from shop.catalogue.factories import CategoryFactory, ProductFactory, variant_of
from shop.catalogue.models import ProductVariant
from shop.catalogue.services import product_variants_sync
from shop.promotions.factories import PromotionFactory
from shop.promotions.models import VariantPrice
from shop.promotions.price_history import TRIGGERS, price_history_triggers
from shop.promotions.selectors import lowest_prices

pytestmark = pytest.mark.django_db
D = Decimal


def history(variant: ProductVariant) -> list[Decimal]:
    rows = VariantPrice.objects.filter(variant=variant).order_by("since", "id")
    return list(rows.values_list("price", flat=True))


def test_the_database_has_the_triggers_after_every_migration():
    assert price_history_triggers(connection) == set(TRIGGERS)


def test_a_new_variant_starts_its_history():
    variant = variant_of(ProductFactory(price=D("50.00")))
    assert history(variant) == [D("50.00")]


def test_a_queryset_update_is_recorded_and_an_unchanged_price_is_not():
    first = variant_of(ProductFactory(price=D("50.00")))
    second = variant_of(ProductFactory(price=D("20.00")))
    ProductVariant.objects.filter(pk__in=[first.pk, second.pk]).update(price=D("19.99"))
    ProductVariant.objects.filter(pk=first.pk).update(price=D("19.99"))  # as it was
    ProductVariant.objects.filter(pk=first.pk).update(stock_quantity=3)  # not a price
    assert history(first) == [D("50.00"), D("19.99")]
    assert history(second) == [D("20.00"), D("19.99")]


def test_bulk_update_and_raw_sql_are_recorded():
    variant = variant_of(ProductFactory(price=D("50.00")))
    variant.price = D("45.00")
    ProductVariant.objects.bulk_update([variant], ["price"])
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {ProductVariant._meta.db_table} SET price = %s WHERE id = %s",
            [D("42.50"), variant.pk],
        )
    assert history(variant) == [D("50.00"), D("45.00"), D("42.50")]


def test_a_bulk_price_change_shows_in_the_lowest_price_of_30_days(client):
    category = CategoryFactory(name="Lamps", slug="lamps")
    lamp = ProductFactory(title="Desk Lamp", price=D("40.00"), category=category)
    variant = variant_of(lamp)
    VariantPrice.objects.filter(variant=variant).update(since=timezone.now() - timedelta(days=40))
    # A week's sale set and ended in bulk (an import, a script), never through save().
    ProductVariant.objects.filter(pk=variant.pk).update(price=D("32.00"))
    ProductVariant.objects.filter(pk=variant.pk).update(price=D("40.00"))
    product_variants_sync(product_id=lamp.pk)
    assert lowest_prices(variant_ids=[variant.pk]) == {variant.pk: D("32.00")}
    promotion = PromotionFactory(name="Lamp week", value=D("25"))
    promotion.products.add(lamp)
    for url in (lamp.get_absolute_url(), "/category/lamps/"):
        page = client.get(url).content.decode()
        assert "Lowest price in the last 30 days: €32.00" in page, url
        assert "€30.00" in page
