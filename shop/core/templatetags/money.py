"""``{{ amount|money:currency }}`` and ``{{ rate|percent }}`` in the active language."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.conf import settings
from django.utils.translation import get_language

from shop.core.money import money_format, percent_format

register = template.Library()


@register.filter
def money(amount: Decimal | int | float | str | None, currency: str | None = None) -> str:
    """An amount with its currency for the reader ("€94.99"); empty for a missing amount."""
    if amount is None or amount == "":
        return ""
    return money_format(amount, currency or settings.SHOP_CURRENCY, get_language())


@register.filter
def percent(rate: Decimal | int | float | str | None) -> str:
    if rate is None or rate == "":
        return ""
    return percent_format(rate, get_language())
