"""The shopper journey in a real browser (Debian's Chromium driven by Playwright).

Skipped with a reason when Chromium is missing; .ci/run installs it and sets REQUIRE_SERVICES=1,
which turns a missing browser into an error. The ``browser`` fixture is in tests/conftest.py.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core import mail

from shop.catalogue.factories import CategoryFactory, ProductFactory
from shop.orders.models import Order, OrderStatus
from shop.orders.payments.test_gateway import SUCCESS_CARD
from tests.browser.shop_pages import sign_up

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "e2e"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_add_to_cart_sign_up_check_out_and_see_the_order(browser, live_server):
    category = CategoryFactory(name="Lighting", slug="lighting")
    ProductFactory(
        title="Brass Desk Lamp",
        slug="brass-desk-lamp",
        category=category,
        price=Decimal("42.00"),
        stock_quantity=3,
        description="A warm brass lamp for reading.",
    )
    page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
    page.set_default_timeout(10_000)
    page.goto(live_server.url + "/")
    page.get_by_label("Search products").first.fill("lamp")
    page.get_by_role("button", name="Search").first.click()
    page.get_by_role("link", name="Brass Desk Lamp").first.click()
    shot(page, "01-product")
    page.get_by_label("Quantity").fill("2")
    page.get_by_role("button", name="Add to cart").click()
    assert "Added Brass Desk Lamp to your cart." in page.content()
    shot(page, "02-cart")

    page.get_by_role("link", name="Proceed to checkout").click()
    # A guest may check out at once; this shopper wants an account.
    assert "Checking out as a guest" in page.content()
    page.locator("main .alert").get_by_role("link", name="Log in").click()
    page.get_by_role("link", name="Create an account").click()
    sign_up(page, username="lampfan", email="lampfan@example.com")
    # The link in the e-mail creates the account in this browser and goes on to checkout.
    link = re.search(r"https?://[^/]+(/accounts/signup/confirm/\S+)", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    page.goto(live_server.url + link.group(1))
    page.get_by_role("button", name="Create my account").click()
    assert "/checkout/" in page.url
    # The visitor's cart survived signing up.
    page.goto(live_server.url + "/cart/")
    assert page.locator(".cart-count").inner_text() == "2"

    page.get_by_role("link", name="Proceed to checkout").click()
    page.get_by_label("Full name").fill("Ada Lampfan")
    page.get_by_label("Address line 1").first.fill("1 Light Street")
    page.get_by_label("City").fill("Berlin")
    page.get_by_label("Postcode").fill("10115")
    page.get_by_label("Country").select_option("DE")
    shot(page, "03-address")
    page.get_by_role("button", name="Continue to shipping").click()
    page.get_by_label("Standard delivery").check()
    page.get_by_role("button", name="Continue to payment").click()
    page.get_by_label("Name on card").fill("Ada Lampfan")
    page.get_by_label("Card number").fill(SUCCESS_CARD)
    page.get_by_label("Expiry (MM/YY)").fill("12/39")
    page.get_by_label("Security code").fill("123")
    page.get_by_role("button", name="Review your order").click()
    shot(page, "04-review")
    page.get_by_role("button", name="Place order and pay").click()

    assert "Thank you for your order" in page.content()
    shot(page, "05-confirmation")
    order = Order.objects.get(user__username="lampfan")
    assert order.status == OrderStatus.PAID and order.total == Decimal("84.00")
    page.locator(".account-menu summary").click()  # on a phone the account links are a menu
    page.get_by_role("link", name="Orders").first.click()
    assert order.number in page.content()
    shot(page, "06-orders")

    # The chat widget knows this order: the only one, so it does not ask which.
    page.get_by_role("button", name="Ask us").click()
    page.get_by_label("Your message").fill("where is my order?")
    page.get_by_role("button", name="Send").click()
    page.locator(".chat-bot", has_text=f"Order {order.number} is paid.").wait_for()
    shot(page, "07-chat")
    page.keyboard.press("Escape")

    # And the customer reviews what they bought.
    page.goto(live_server.url + "/product/brass-desk-lamp/")
    page.locator("label", has_text="5★").click()
    page.get_by_label("Title").fill("Lovely light")
    page.get_by_role("button", name="Save review").click()
    assert "Verified purchase" in page.content()
    shot(page, "08-review")
