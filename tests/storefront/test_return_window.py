"""One return window, settings.RETURN_WINDOW_DAYS, wherever a shopper reads it: the home page's
promise and description, listings, the product page, the cart, the footer and the returns page
(the confirmation reads the same variable), as the delivered e-mail already does (the FAQ's
seeded answer, data staff edit, says 30)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shop.catalogue.factories import CategoryFactory, ProductFactory, variant_of

pytestmark = pytest.mark.django_db


def test_every_page_says_the_configured_return_window(client, settings):
    settings.RETURN_WINDOW_DAYS = 45
    lamp = ProductFactory(
        title="Brass Desk Lamp", price=Decimal("42.00"), category=CategoryFactory(slug="lamps")
    )
    says = {
        "/": ["45-day returns</strong>", "delivery across Europe and 45-day returns."],
        "/category/lamps/": ["delivery across Europe and 45-day returns."],
        lamp.get_absolute_url(): ["45-day returns, 14 days to withdraw"],
        "/returns/": ["can be returned within 45 days of delivery"],
    }
    client.post(f"/cart/add/{lamp.pk}/", {"variant": variant_of(lamp).pk, "quantity": 1})
    says["/cart/"] = ["Secure card payment · 45-day returns"]
    for path, phrases in says.items():
        html = client.get(path).content.decode()
        assert "30-day" not in html and "30 days" not in html, path
        for phrase in [*phrases, "and 45 days to return unused items"]:  # the footer's too
            assert phrase in html, (path, phrase)
