"""Writes to tax rates: the storefront's cached rates of a country are dropped on commit."""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction

from .models import TaxClass, TaxRate
from .selectors import CACHE_KEY


def country_taxes_invalidate(*, country: str) -> None:
    key = CACHE_KEY.format(country=str(country).upper())
    transaction.on_commit(lambda: cache.delete(key))


def tax_rate_save(*, tax_rate: TaxRate) -> TaxRate:
    tax_rate.full_clean()
    tax_rate.save()
    country_taxes_invalidate(country=str(tax_rate.country))
    return tax_rate


def tax_rate_delete(*, tax_rate: TaxRate) -> None:
    country = str(tax_rate.country)
    tax_rate.delete()
    country_taxes_invalidate(country=country)


def tax_class_delete(*, tax_class: TaxClass) -> None:
    """Goods of a deleted class fall back to each country's standard rate."""
    countries = list(tax_class.rates.values_list("country", flat=True))
    tax_class.delete()
    for country in countries:
        country_taxes_invalidate(country=country)
