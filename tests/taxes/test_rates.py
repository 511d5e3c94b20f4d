"""VAT rates per country and tax class: the seeded EU, UK, Swiss and Norwegian rates, and a
staff change reaching the prices at once."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction

from shop.taxes.models import TaxClass, TaxRate
from shop.taxes.selectors import countries_with_rates, country_taxes
from shop.taxes.services import tax_rate_save
from tests.geography import EU

pytestmark = pytest.mark.django_db


def test_every_member_state_and_the_uk_switzerland_and_norway_have_their_standard_rate():
    assert countries_with_rates() == EU | {"GB", "CH", "NO"}
    standard = {code: country_taxes(country=code).standard for code in ("DE", "FR", "HU", "LU")}
    assert standard == {
        "DE": Decimal("19.00"),
        "FR": Decimal("20.00"),
        "HU": Decimal("27.00"),
        "LU": Decimal("17.00"),
    }
    assert country_taxes(country="FI").standard == Decimal("25.50")
    assert country_taxes(country="CH").standard == Decimal("8.10")


def test_books_take_each_countrys_reduced_or_zero_rate():
    books = TaxClass.objects.get(slug="books")
    rates = {
        code: country_taxes(country=code).rate_for(books.pk)
        for code in ("DE", "FR", "IT", "IE", "GB", "DK", "CH")
    }
    assert rates == {
        "DE": Decimal("7.00"),
        "FR": Decimal("5.50"),
        "IT": Decimal("4.00"),
        "IE": Decimal("0.00"),
        "GB": Decimal("0.00"),
        "DK": Decimal("25.00"),  # Denmark has no reduced rate
        "CH": Decimal("2.60"),
    }


def test_goods_without_a_class_and_classes_a_country_does_not_set_pay_its_standard_rate():
    children = TaxClass.objects.create(name="Children's clothes", slug="children")
    TaxRate.objects.create(country="GB", tax_class=children, rate=Decimal("0"))
    assert country_taxes(country="GB").rate_for(children.pk) == Decimal("0")
    assert country_taxes(country="DE").rate_for(children.pk) == Decimal("19.00")
    assert country_taxes(country="DE").rate_for(None) == Decimal("19.00")


def test_a_country_without_rates_charges_none():
    taxes = country_taxes(country="US")
    assert not taxes.known and taxes.rate_for(None) == Decimal("0")


@pytest.mark.django_db(transaction=True)
def test_a_rate_staff_change_is_used_at_once():
    assert country_taxes(country="DE").standard == Decimal("19.00")  # now cached
    rate = TaxRate.objects.get(country="DE", tax_class__isnull=True)
    rate.rate = Decimal("16")
    with transaction.atomic():
        tax_rate_save(tax_rate=rate)
    assert country_taxes(country="DE").standard == Decimal("16.00")


def test_one_standard_rate_per_country():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError), transaction.atomic():
        TaxRate.objects.create(country="DE", tax_class=None, rate=Decimal("5"))
