"""The EU rule: a promoted price shows the lowest price of the previous 30 days, read from
each variant's recorded price changes."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from shop.catalogue.factories import CategoryFactory, ProductFactory, variant_of
from shop.promotions.factories import PromotionFactory
from shop.promotions.models import VariantPrice
from shop.promotions.selectors import lowest_prices, promoted_prices

pytestmark = pytest.mark.django_db
D = Decimal


def test_a_price_change_is_recorded_once(db):
    product = ProductFactory(price=D("50.00"))
    variant = variant_of(product)
    variant.price = D("45.00")
    variant.save()
    variant.save()  # unchanged: nothing new
    variant.save(update_fields=["stock_quantity"])
    prices = list(VariantPrice.objects.filter(variant=variant).values_list("price", flat=True))
    assert prices == [D("45.00"), D("50.00")]


def test_the_lowest_price_counts_the_window_and_the_price_in_force_when_it_began(db):
    variant = variant_of(ProductFactory(price=D("50.00")))
    VariantPrice.objects.filter(variant=variant).delete()
    now = timezone.now()
    for days_ago, price in [(60, "30.00"), (40, "48.00"), (20, "55.00"), (5, "60.00")]:
        VariantPrice.objects.create(
            variant=variant, price=D(price), since=now - timedelta(days_ago)
        )
    # 30.00 ended 40 days ago (before the window); 48.00 was in force when the window began
    assert lowest_prices(variant_ids=[variant.pk], now=now) == {variant.pk: D("48.00")}
    assert lowest_prices(variant_ids=[variant.pk], now=now - timedelta(days=35)) == {
        variant.pk: D("30.00")
    }


def test_a_promoted_product_shows_its_promoted_price_and_the_lowest_of_30_days(client):
    category = CategoryFactory(name="Lamps", slug="lamps")
    lamp = ProductFactory(title="Desk Lamp", price=D("40.00"), category=category)
    plain = ProductFactory(title="Plain Chair", price=D("40.00"), category=category)
    variant = variant_of(lamp)
    VariantPrice.objects.filter(variant=variant).update(since=timezone.now() - timedelta(days=10))
    VariantPrice.objects.create(
        variant=variant, price=D("35.00"), since=timezone.now() - timedelta(days=8)
    )
    VariantPrice.objects.create(
        variant=variant, price=D("40.00"), since=timezone.now() - timedelta(days=2)
    )
    promotion = PromotionFactory(name="Lamp week", value=D("25"))
    promotion.products.add(lamp)
    promos = promoted_prices(products=[lamp, plain])
    assert set(promos) == {lamp.pk}
    assert (promos[lamp.pk].price, promos[lamp.pk].lowest_30_days) == (D("30.00"), D("35.00"))
    for url in (lamp.get_absolute_url(), "/category/lamps/"):
        page = client.get(url).content.decode()
        assert "Lowest price in the last 30 days: €35.00" in page, url
        assert "€30.00" in page
    assert "Lowest price" not in client.get(plain.get_absolute_url()).content.decode()


def test_no_promotion_no_reference_price(client):
    lamp = ProductFactory(title="Desk Lamp", price=D("40.00"))
    PromotionFactory(value=D("10"), min_spend=D("100"))  # needs a bigger cart: no unit price
    PromotionFactory(value=D("10"), segments="loyal")  # not for everyone
    assert promoted_prices(products=[lamp]) == {}
    assert "Lowest price" not in client.get(lamp.get_absolute_url()).content.decode()


def test_cached_offers_follow_staff_edits_at_once(db):
    lamp = ProductFactory(title="Desk Lamp", price=D("40.00"))
    promotion = PromotionFactory(value=D("10"))
    assert promoted_prices(products=[lamp])[lamp.pk].price == D("36.00")
    promotion.value = D("50")
    promotion.save()
    assert promoted_prices(products=[lamp])[lamp.pk].price == D("20.00")
    other = ProductFactory(title="Chair", price=D("40.00"))
    promotion.products.add(other)  # now scoped to the chair only
    assert set(promoted_prices(products=[lamp, other])) == {other.pk}
    promotion.delete()
    assert promoted_prices(products=[lamp, other]) == {}
