"""Shipping zones: which countries are served, at what price and how fast, and "do you ship to
X" as the assistant and the API ask it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from shop.shipping.models import ShippingMethod, ShippingRate, ShippingZone
from shop.shipping.selectors import (
    country_code_for,
    delivery_answer,
    served_countries,
    shipping_for_country,
)
from shop.shipping.services import shipping_zone_save
from tests.geography import EU

pytestmark = pytest.mark.django_db


def test_a_fresh_shop_delivers_to_the_eu_the_uk_switzerland_and_norway():
    assert set(served_countries()) == EU | {"GB", "CH", "NO"}
    germany = shipping_for_country(country="de")
    assert germany.served and germany.zone == "Germany"
    standard = germany.offer("standard")
    assert standard is not None
    assert (standard.price, standard.free_over, standard.days) == (
        Decimal("4.95"),
        Decimal("50.00"),
        "2-3",
    )
    norway = shipping_for_country(country="NO")
    assert norway.zone == "UK, Switzerland and Norway"
    assert norway.offer("express").price == Decimal("29.95")  # type: ignore[union-attr]


def test_a_country_in_no_zone_is_not_served_and_the_answer_says_where_the_shop_delivers():
    answer = delivery_answer(country="United States")
    assert answer.country == "US" and not answer.served and answer.offers == ()
    assert "United States" in answer.message and "European Union" in answer.message


def test_the_assistant_can_ask_by_name_or_code():
    assert country_code_for("Norway") == "NO"
    assert country_code_for("the UK?") == "GB"
    assert country_code_for("fr") == "FR"
    assert country_code_for("Atlantis") is None
    answer = delivery_answer(country="Norway")
    assert answer.served and answer.country_name == "Norway"
    assert [offer.code for offer in answer.offers] == ["standard", "express"]


def test_a_country_belongs_to_one_zone_only():
    with pytest.raises(ValidationError, match="Germany"):
        shipping_zone_save(zone=ShippingZone(name="Home again", countries=["DE", "US"]))


@pytest.mark.django_db(transaction=True)
def test_a_new_zone_is_served_as_soon_as_it_is_saved_and_priced():
    assert not shipping_for_country(country="US").served
    with transaction.atomic():
        zone = shipping_zone_save(zone=ShippingZone(name="North America", countries=["US", "CA"]))
    # A zone without a rate serves nobody yet.
    assert not shipping_for_country(country="US").served
    ShippingRate.objects.create(
        zone=zone,
        method=ShippingMethod.objects.get(code="standard"),
        price=Decimal("24.95"),
        min_days=5,
        max_days=10,
    )
    from shop.shipping.services import shipping_table_invalidate

    with transaction.atomic():
        shipping_table_invalidate()
    us = shipping_for_country(country="US")
    assert us.served and us.offer("standard").days == "5-10"  # type: ignore[union-attr]
