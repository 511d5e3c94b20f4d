"""Writes to shipping zones, methods and rates; the cached table is dropped on commit."""

from __future__ import annotations

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import ShippingZone
from .selectors import CACHE_KEY, country_name


def shipping_table_invalidate() -> None:
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))


def shipping_zone_overlap(*, zone: ShippingZone) -> list[str]:
    """Countries of ``zone`` that another zone already serves (a country has one zone)."""
    mine = {str(code) for code in zone.countries}
    taken: list[str] = []
    for other in ShippingZone.objects.exclude(pk=zone.pk):
        taken += sorted(mine & {str(code) for code in other.countries})
    return taken


def shipping_zone_save(*, zone: ShippingZone) -> ShippingZone:
    """Save a zone, refusing countries another zone already has."""
    taken = shipping_zone_overlap(zone=zone)
    if taken:
        raise ValidationError(
            {
                "countries": _("Already in another zone: %(names)s.")
                % {"names": ", ".join(country_name(code) for code in taken)}
            }
        )
    zone.full_clean()
    zone.save()
    shipping_table_invalidate()
    return zone


def shipping_zone_delete(*, zone: ShippingZone) -> None:
    zone.delete()
    shipping_table_invalidate()
