"""What tax applies where: one cached read per country."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache

from .models import TaxRate

CACHE_KEY = "taxes:v1:{country}"
CACHE_TTL = 60 * 60
ZERO = Decimal("0")


@dataclass(frozen=True)
class CountryTaxes:
    """A country's rates in percent: its standard rate and those of the classes it sets."""

    country: str
    standard: Decimal | None
    by_class: dict[int, Decimal] = field(default_factory=dict)

    @property
    def known(self) -> bool:
        return self.standard is not None

    def rate_for(self, tax_class_id: int | None) -> Decimal:
        """The rate for goods of ``tax_class_id`` (None: standard goods). A country with no
        rates configured charges none."""
        if tax_class_id is not None and tax_class_id in self.by_class:
            return self.by_class[tax_class_id]
        return self.standard if self.standard is not None else ZERO


def country_taxes(*, country: str) -> CountryTaxes:
    """The rates of ``country`` (ISO code), from the cache; one query when it is not there."""
    code = (country or "").upper()
    key = CACHE_KEY.format(country=code)
    cached = cache.get(key)
    if isinstance(cached, CountryTaxes):
        return cached
    standard: Decimal | None = None
    by_class: dict[int, Decimal] = {}
    for class_id, rate in TaxRate.objects.filter(country=code).values_list("tax_class_id", "rate"):
        if class_id is None:
            standard = rate
        else:
            by_class[class_id] = rate
    taxes = CountryTaxes(country=code, standard=standard, by_class=by_class)
    cache.set(key, taxes, CACHE_TTL)
    return taxes


def countries_with_rates() -> set[str]:
    return set(TaxRate.objects.filter(tax_class__isnull=True).values_list("country", flat=True))
