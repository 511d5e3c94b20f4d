"""The framework-free pricing module: tax inside gross prices, tax on top of net ones, shipping
from a zone's rate, one currency. Expected values are worked out by hand in the comments."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shop.orders.pricing import (
    CurrencyMismatch,
    LineInput,
    ShippingRate,
    TaxLine,
    gross_price,
    included_tax,
    quote,
)

D = Decimal


def test_the_vat_in_a_gross_price_is_its_rate_over_100_plus_rate():
    # 94.99 * 19 / 119 = 15.1666... -> 15.17
    assert included_tax(D("94.99"), D("19")) == D("15.17")
    # 9.99 * 7 / 107 = 0.65355... -> 0.65
    assert included_tax(D("9.99"), D("7")) == D("0.65")
    assert included_tax(D("12.00"), D("0")) == D("0.00")


def test_gross_prices_are_what_the_customer_pays_and_contain_the_tax():
    priced = quote(
        [
            LineInput("cardigan", D("94.99"), 2, "EUR", D("19")),
            LineInput("book", D("9.99"), 1, "EUR", D("7")),
        ],
        currency="EUR",
    )
    cardigan, book = priced.lines
    assert (cardigan.unit_price, cardigan.total) == (D("94.99"), D("189.98"))
    assert cardigan.tax == D("30.33")  # 189.98 * 19 / 119 = 30.3329...
    assert book.tax == D("0.65")
    assert priced.subtotal == priced.total == D("199.97")
    assert priced.tax == D("30.98")
    assert priced.net_total == D("168.99")
    assert priced.taxes == (TaxLine(D("7"), D("0.65")), TaxLine(D("19"), D("30.33")))


def test_net_prices_get_the_tax_added_per_unit_before_the_quantity():
    # 10.00 net at 19%: 11.90 a unit, 35.70 for three; the tax is 35.70 * 19 / 119 = 5.70.
    priced = quote(
        [LineInput("mug", D("10.00"), 3, "EUR", D("19"))],
        currency="EUR",
        prices_include_tax=False,
    )
    (line,) = priced.lines
    assert (line.unit_price, line.total, line.tax) == (D("11.90"), D("35.70"), D("5.70"))
    assert gross_price(D("10.00"), D("5.5"), prices_include_tax=False) == D("10.55")
    assert priced.total == D("35.70") and not priced.prices_include_tax


def test_shipping_is_free_from_the_zones_threshold_and_carries_its_own_tax():
    standard = ShippingRate("standard", D("4.95"), free_over=D("50.00"), tax_rate=D("19"))
    under = quote([LineInput(1, D("49.99"), 1, "EUR", D("19"))], currency="EUR", shipping=standard)
    assert under.shipping == D("4.95")
    assert under.shipping_tax == D("0.79")  # 4.95 * 19 / 119 = 0.7903...
    assert under.total == D("54.94")
    assert under.tax == D("7.98") + D("0.79")  # 49.99 * 19 / 119 = 7.9816...

    at = quote([LineInput(1, D("25.00"), 2, "EUR", D("19"))], currency="EUR", shipping=standard)
    assert (at.shipping, at.shipping_tax, at.total) == (D("0.00"), D("0.00"), D("50.00"))


def test_shipping_tax_at_a_rate_no_line_has_shows_as_its_own_tax_line():
    express = ShippingRate("express", D("12.95"), tax_rate=D("19"))
    priced = quote([LineInput(1, D("10.70"), 1, "EUR", D("7"))], currency="EUR", shipping=express)
    assert priced.taxes == (TaxLine(D("7"), D("0.70")), TaxLine(D("19"), D("2.07")))


def test_one_currency_and_no_negative_rates():
    with pytest.raises(CurrencyMismatch):
        quote([LineInput(1, D("1.00"), 1, "GBP")], currency="EUR")
    with pytest.raises(ValueError, match="tax rate"):
        quote([LineInput(1, D("1.00"), 1, "EUR", D("-1"))], currency="EUR")
