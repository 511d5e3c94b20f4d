"""Every storefront page at phone, small-phone and tablet widths (and the desktop for the
screenshots): nothing scrolls sideways, the controls are at least 44 px tall, and a screenshot of
each page at each width lands in var/e2e/ to judge the look side by side."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from shop.accounts.factories import DEFAULT_PASSWORD, UserFactory
from shop.catalogue.factories import CategoryFactory, ProductFactory, sized_product
from shop.orders.payments.test_gateway import SUCCESS_CARD

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "e2e" / "pages"
WIDTHS = (320, 390, 768, 1366)
TAP = 44

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Controls a finger uses: buttons, fields, menus, and the links of the header, navigation,
# footer and pagination (links inside running text are exempt, as WCAG 2.5.8 allows).
SMALL_TARGETS = """() => {
  const selector = 'button, select, summary, .button, input:not([type=hidden])'
    + ':not([type=checkbox]):not([type=radio]), .site-header a, .category-nav a,'
    + ' .site-footer li a, .pagination a, .breadcrumbs a';
  return [...document.querySelectorAll(selector)].filter(el => {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (box.width <= 1 || box.height <= 1 || style.visibility === 'hidden') return false;
    if (el.closest('[hidden], .chat-panel')) return false;
    return box.height < TAP - 0.5;
  }).map(el => el.outerHTML.slice(0, 120) + ' ' + el.getBoundingClientRect().height + 'px');
}""".replace("TAP", str(TAP))


def check(page, name: str) -> None:  # type: ignore[no-untyped-def]
    width = page.viewport_size["width"]
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
    assert scroll_width <= width, f"{name} at {width}px is {scroll_width}px wide"
    if width < 800:
        assert page.evaluate(SMALL_TARGETS) == [], f"{name} at {width}px: small targets"


def check_all(page, url: str, pages: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    for name, path in pages.items():
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 844})
            page.goto(url + path)
            check(page, name)


def test_every_storefront_page_fits_every_width(browser, live_server):
    category = CategoryFactory(name="Lighting & Lamps", slug="lighting")
    CategoryFactory(name="Reading lamps", slug="reading", parent=category)
    ProductFactory(
        title="Brass Desk Lamp with an Unusually Long Name for a Lamp, Polished Finish",
        slug="brass-desk-lamp",
        category=category,
        price=Decimal("42.00"),
        stock_quantity=3,
        description="A warm brass lamp for reading.",
    )
    for number in range(9):
        ProductFactory(title=f"Lamp {number}", category=category, price=Decimal("19.00"))
    cardigan = sized_product(colours=("Camel", "Navy"), sizes=("M", "L"), stock=6)
    UserFactory(username="grace")
    url = live_server.url
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)

    public = {
        "home": "/",
        "category": "/category/lighting/",
        "products": "/products/",
        "product": "/product/brass-desk-lamp/",
        "product-options": cardigan.get_absolute_url(),
        "search": "/search/?q=lamp",
        "search-empty": "/search/",
        "no-results": "/products/?q=zzzzqqq",
        "cart-empty": "/cart/",
        "login": "/accounts/login/",
        "signup": "/accounts/signup/",
        "delivery": "/delivery/",
        "returns": "/returns/",
        "terms": "/terms/",
        "privacy": "/privacy/",
        "legal": "/legal-notice/",
        "contact": "/contact/",
        "payment-info": "/payment/",
        "not-found": "/product/no-such-thing/",
    }
    check_all(page, url, public)

    # A customer's pages: cart, every checkout step, the confirmation, orders, the account.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(url + "/accounts/login/")
    page.get_by_label("Username").fill("grace")
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.goto(url + "/product/brass-desk-lamp/")
    with page.expect_navigation():
        page.get_by_role("button", name="Add to cart").click()
    page.goto(url + "/cart/")
    with page.expect_navigation():
        page.get_by_role("link", name="Proceed to checkout").click()
    page.get_by_label("Full name").fill("Grace Hopper")
    page.get_by_label("Address line 1").first.fill("1 Compiler Way")
    page.get_by_label("City").fill("Berlin")
    page.get_by_label("Postcode").fill("10115")
    page.get_by_label("Country").select_option("DE")
    with page.expect_navigation():
        page.get_by_role("button", name="Continue to shipping").click()
    page.get_by_label("Standard delivery").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Continue to payment").click()
    page.get_by_label("Name on card").fill("Grace Hopper")
    page.get_by_label("Card number").fill(SUCCESS_CARD)
    page.get_by_label("Expiry (MM/YY)").fill("12/39")
    page.get_by_label("Security code").fill("123")
    with page.expect_navigation():
        page.get_by_role("button", name="Review your order").click()
    steps = {
        "cart": "/cart/",
        "checkout-address": "/checkout/",
        "checkout-shipping": "/checkout/shipping/",
        "checkout-payment": "/checkout/payment/",
        "checkout-review": "/checkout/review/",
    }
    check_all(page, url, steps)
    with page.expect_navigation():
        page.get_by_role("button", name="Place order and pay").click()
    assert "Thank you for your order" in page.content()
    confirmation = page.url.removeprefix(url)
    number = confirmation.rstrip("/").rsplit("/", 1)[-1]
    own = {
        "confirmation": confirmation,
        "orders": "/orders/",
        "order": f"/orders/{number}/",
        "account": "/accounts/profile/",
    }
    check_all(page, url, own)
    context.close()
