"""Money as people read it: "€94.99" in English, "94,99 €" in German, from CLDR's rules.

Framework-free (Babel only): templates use the ``money`` filter (``core.templatetags.money``),
which passes the active language; an amount is never printed with a hard-coded currency.
"""

from __future__ import annotations

from decimal import Decimal

from babel.core import Locale, UnknownLocaleError
from babel.numbers import format_currency, format_decimal

DEFAULT_LOCALE = "en"


def _locale(language: str | None) -> str:
    """Babel's name for a Django language code ("en-gb" -> "en_GB"); unknown ones fall back."""
    if not language:
        return DEFAULT_LOCALE
    code = language.replace("-", "_")
    language_part, _sep, region = code.partition("_")
    name = f"{language_part.lower()}_{region.upper()}" if region else language_part.lower()
    try:
        Locale.parse(name)
    except (UnknownLocaleError, ValueError):
        return DEFAULT_LOCALE
    return name


def money_format(amount: Decimal | int | float | str, currency: str, language: str | None) -> str:
    """``amount`` of ``currency`` written for readers of ``language`` (a Django code)."""
    return str(format_currency(Decimal(str(amount)), currency, locale=_locale(language)))


def percent_format(rate: Decimal | int | float | str, language: str | None) -> str:
    """A tax rate given in percent ("19", "5.5") as readers write it: "19%", "5.5%"."""
    number = format_decimal(Decimal(str(rate)).normalize(), locale=_locale(language))
    return f"{number}%"
