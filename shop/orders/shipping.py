"""Delivery as checkout prices it: the shipping zone of the country shipped to (``shop.shipping``)
turned into ``pricing`` rates, taxed at that country's standard rate (shipping follows no
product's class)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from shop.core.errors import UnprocessableError
from shop.shipping.models import ShippingMethod
from shop.shipping.selectors import (
    CountryShipping,
    ShippingOffer,
    not_served_message,
    shipping_for_country,
)
from shop.taxes.selectors import country_taxes

from .pricing import ShippingRate


class CountryNotServedError(UnprocessableError):
    """The shop does not deliver to the country asked for (or not by the method asked for)."""

    code = "country_not_served"


def delivery_for(country: str) -> CountryShipping:
    """Where ``country`` stands: its zone and methods, or not served."""
    return shipping_for_country(country=country)


def delivery_check(country: str) -> CountryShipping:
    """``delivery_for``, refusing a country the shop does not deliver to."""
    delivery = delivery_for(country)
    if not delivery.served:
        raise CountryNotServedError(not_served_message(country=country))
    return delivery


def shipping_rate(offer: ShippingOffer, *, country: str) -> ShippingRate:
    return ShippingRate(
        code=offer.code,
        price=offer.price,
        free_over=offer.free_over,
        tax_rate=country_taxes(country=country).rate_for(None),
    )


def offer_check(delivery: CountryShipping, code: str) -> ShippingOffer:
    offer = delivery.offer(code)
    if offer is None:
        raise CountryNotServedError(
            _("%(method)s is not available to %(country)s. Please choose another.")
            % {"method": code, "country": delivery.country_name}
        )
    return offer


def shipping_method_codes() -> list[str]:
    """Every active method's code (what an API client may ask for)."""
    return list(
        ShippingMethod.objects.filter(is_active=True)
        .order_by("position", "code")
        .values_list("code", flat=True)
    )
