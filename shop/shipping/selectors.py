"""Where the shop delivers and what it costs: the whole (small) table, cached, read per country.

Checkout, the cart page, the API and the assistant all ask ``shipping_for_country``, so "do you
ship to Norway?" has one answer everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django_countries import countries

from .models import ShippingRate, ShippingZone

CACHE_KEY = "shipping:v1:table"
CACHE_TTL = 60 * 60


@dataclass(frozen=True)
class ShippingOffer:
    """One method as a zone sells it: ``price`` is what the customer pays (tax included when
    the shop's prices are), free from a subtotal of ``free_over`` when that is set."""

    code: str
    name: str
    price: Decimal
    free_over: Decimal | None
    min_days: int
    max_days: int

    @property
    def days(self) -> str:
        """Working days as shown: "1" or "2-3"."""
        if self.min_days == self.max_days:
            return str(self.min_days)
        return f"{self.min_days}-{self.max_days}"


@dataclass(frozen=True)
class ZoneView:
    id: int
    name: str
    countries: tuple[str, ...]
    offers: tuple[ShippingOffer, ...]


@dataclass(frozen=True)
class CountryShipping:
    """What delivery to ``country`` looks like: its zone and offers, or not served."""

    country: str
    zone: str | None
    offers: tuple[ShippingOffer, ...]

    @property
    def served(self) -> bool:
        return self.zone is not None and bool(self.offers)

    @property
    def country_name(self) -> str:
        return country_name(self.country)

    def offer(self, code: str) -> ShippingOffer | None:
        return next((offer for offer in self.offers if offer.code == code), None)

    @property
    def standard(self) -> ShippingOffer | None:
        """The cheapest method (the first by position among equals): what "delivery" means
        in the shop's promises, such as the home page's "1-3 working days, free over €50"."""
        return min(self.offers, key=lambda offer: offer.price, default=None)


def country_name(code: str) -> str:
    """The country's name in the active language; the code itself when it is not a country."""
    name = countries.name(code.upper()) if code else ""
    return str(name) if name else code.upper()


def country_is_known(code: str) -> bool:
    return bool(code) and code.upper() in dict(countries)


def _load() -> tuple[ZoneView, ...]:
    offers: dict[int, list[ShippingOffer]] = {}
    rates = (
        ShippingRate.objects.filter(method__is_active=True)
        .select_related("method")
        .order_by("method__position", "method__code")
    )
    for rate in rates:
        offers.setdefault(rate.zone_id, []).append(
            ShippingOffer(
                code=rate.method.code,
                name=rate.method.name,
                price=rate.price,
                free_over=rate.free_over,
                min_days=rate.min_days,
                max_days=rate.max_days,
            )
        )
    return tuple(
        ZoneView(
            id=zone.pk,
            name=zone.name,
            countries=tuple(sorted(str(c) for c in zone.countries)),
            offers=tuple(offers.get(zone.pk, [])),
        )
        for zone in ShippingZone.objects.order_by("position", "name")
    )


def shipping_zones() -> tuple[ZoneView, ...]:
    """Every zone with its countries and offers, from the cache (two queries to rebuild)."""
    zones = cache.get(CACHE_KEY)
    if not isinstance(zones, tuple):
        zones = _load()
        cache.set(CACHE_KEY, zones, CACHE_TTL)
    return zones


def shipping_for_country(*, country: str) -> CountryShipping:
    code = (country or "").strip().upper()
    for zone in shipping_zones():
        if code in zone.countries:
            return CountryShipping(country=code, zone=zone.name, offers=zone.offers)
    return CountryShipping(country=code, zone=None, offers=())


def served_countries() -> list[str]:
    """The codes of every country the shop delivers to, by name."""
    codes = {code for zone in shipping_zones() if zone.offers for code in zone.countries}
    return sorted(codes, key=country_name)


def not_served_message(*, country: str) -> str:
    """What to tell a customer whose country the shop does not deliver to."""
    from django.utils.translation import gettext as _

    zones = [zone.name for zone in shipping_zones() if zone.offers]
    if not zones:
        return _("Sorry, we are not delivering anywhere at the moment.")
    return _("Sorry, we don't deliver to %(country)s. We deliver to: %(zones)s.") % {
        "country": country_name(country),
        "zones": ", ".join(zones),
    }


# Names people use that are not the country's name in the list.
_ALIASES = {
    "uk": "GB",
    "u.k.": "GB",
    "britain": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "holland": "NL",
    "the netherlands": "NL",
    "czechia": "CZ",
    "usa": "US",
    "us": "US",
    "america": "US",
    "the united states": "US",
    "united states": "US",
    "the uk": "GB",
}


def country_code_for(text: str) -> str | None:
    """The ISO code a customer means by ``text`` ("Norway", "NO", "the UK"), or None."""
    cleaned = " ".join(text.strip().strip("?.!").split())
    if not cleaned:
        return None
    if len(cleaned) == 2 and cleaned.isalpha() and country_is_known(cleaned):
        return cleaned.upper()
    alias = _ALIASES.get(cleaned.lower())
    if alias:
        return alias
    code = countries.by_name(cleaned, insensitive=True)
    return str(code) if code else None


@dataclass(frozen=True)
class DeliveryAnswer:
    """ "Do you ship to X?": served or not, and each method's price, threshold and time."""

    country: str
    country_name: str
    served: bool
    zone: str | None
    offers: tuple[ShippingOffer, ...]
    message: str


def delivery_answer(*, country: str) -> DeliveryAnswer:
    """The answer for ``country`` (an ISO code, or a name as a customer writes it)."""
    code = country_code_for(country) or country.strip().upper()
    delivery = shipping_for_country(country=code)
    return DeliveryAnswer(
        country=delivery.country,
        country_name=country_name(delivery.country),
        served=delivery.served,
        zone=delivery.zone,
        offers=delivery.offers,
        message="" if delivery.served else not_served_message(country=delivery.country),
    )


# The aliases as other apps read them (the assistant's country names).
COUNTRY_ALIASES: dict[str, str] = dict(_ALIASES)
