"""Picking a size and colour in a real browser: the price and stock follow the choice, checkout
to a served country shows the tax and shipping in the totals, and an unserved country gets a
clear message. Debian's Chromium through Playwright (the ``browser`` fixture, tests/conftest.py).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from shop.accounts.factories import DEFAULT_PASSWORD, UserFactory
from shop.catalogue.factories import sized_product
from shop.catalogue.services import product_variants_sync, variant_stock_set
from shop.orders.models import Order, OrderStatus
from shop.orders.payments.test_gateway import SUCCESS_CARD

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "e2e"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_pick_a_size_and_colour_then_check_out_with_tax_and_shipping(browser, live_server):
    cardigan = sized_product(colours=("Camel", "Navy"), sizes=("M", "L"), stock=6)
    navy_large = cardigan.variants.get(name="Navy / L")
    navy_large.price = Decimal("99.99")
    navy_large.save()
    variant_stock_set(variant_id=navy_large.pk, quantity=2)
    variant_stock_set(variant_id=cardigan.variants.get(name="Camel / L").pk, quantity=0)
    product_variants_sync(product_id=cardigan.pk)
    UserFactory(username="ada")

    page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
    page.set_default_timeout(10_000)
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").click()

    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live_server.url + cardigan.get_absolute_url())
    assert errors == []
    assert page.locator("#product-price").inner_text() == "from €94.99"
    # The script replaced the no-JavaScript button; choices say what they would cost.
    assert page.get_by_role("button", name="Show price and stock").is_hidden()
    colour = page.get_by_role("group", name="Colour")
    size = page.get_by_role("group", name="Size")
    colour.get_by_text("Navy", exact=True).click()
    assert "€99.99 · only 2 left" in size.locator("label", has_text="L").inner_text()
    colour.get_by_text("Camel", exact=True).click()
    assert "sold out" in size.locator("label", has_text="L").inner_text()
    colour.get_by_text("Navy", exact=True).click()
    size.get_by_text("L", exact=True).click()
    assert page.locator("#product-price").inner_text() == "€99.99"
    assert page.locator("#product-stock").inner_text() == "Only 2 left"
    assert page.locator("#product-sku").inner_text() == navy_large.sku
    shot(page, "variants-01-choice")
    page.get_by_role("button", name="Add to cart").click()
    assert "Added Arden Knit Cardigan (Navy / L) to your cart." in page.content()
    shot(page, "variants-02-cart")

    page.get_by_role("link", name="Proceed to checkout").click()
    page.get_by_label("Full name").fill("Ada Lovelace")
    page.get_by_label("Address line 1").first.fill("1 Main Street")
    page.get_by_label("City").fill("Boston")
    page.get_by_label("Postcode").fill("02101")
    # The selector offers only the countries the shop delivers to (a posted unserved one is
    # still refused with the list: tests/storefront/test_pages_a_shopper_trusts.py).
    offered = (
        page.get_by_label("Country")
        .locator("option")
        .evaluate_all("options => options.map(o => o.value)")
    )
    assert "US" not in offered and "AT" in offered and "NO" in offered
    shot(page, "variants-03-served-countries")

    page.get_by_label("City").fill("Vienna")
    page.get_by_label("Postcode").fill("1010")
    page.get_by_label("Country").select_option("AT")
    page.get_by_role("button", name="Continue to shipping").click()
    page.get_by_label("Express delivery").check()
    page.get_by_role("button", name="Continue to payment").click()
    page.get_by_label("Name on card").fill("Ada Lovelace")
    page.get_by_label("Card number").fill(SUCCESS_CARD)
    page.get_by_label("Expiry (MM/YY)").fill("12/39")
    page.get_by_label("Security code").fill("123")
    page.get_by_role("button", name="Review your order").click()
    totals = page.locator(".totals").inner_text()
    # Austria: the EU zone's express rate, and 20% VAT inside 99.99 + 19.95 = 119.94.
    assert "Express delivery" in totals and "€19.95" in totals
    assert "Including 20% VAT" in totals and "€20.00" in totals
    assert "€119.94" in totals
    shot(page, "variants-04-review")
    page.get_by_role("button", name="Place order and pay €119.94").click()
    assert "Thank you for your order" in page.content()

    order = Order.objects.get(user__username="ada")
    assert order.status == OrderStatus.PAID and order.total == Decimal("119.94")
    assert order.tax_total == Decimal("20.00")  # 16.67 in the line + 3.33 in the delivery
    (line,) = order.lines.all()
    assert (line.variant_name, line.sku, line.tax_rate) == ("Navy / L", navy_large.sku, 20)
    navy_large.refresh_from_db()
    assert navy_large.stock_quantity == 1
