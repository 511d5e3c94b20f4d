"""The cookie choice in Chromium: asked on the first visit, made from the keyboard, honoured (no
visitor cookie while browsing without analytics), and changed on the settings page."""

from __future__ import annotations

import pytest

from shop.catalogue.factories import ProductFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_cookie_choice_is_asked_once_and_honoured(browser, live_server, settings):
    from playwright.sync_api import expect

    settings.STOREFRONT_PAGE_CACHE = True  # the banner is a hole in cached pages
    product = ProductFactory(title="Brass Desk Lamp", slug="brass-desk-lamp")
    context = browser.new_context(viewport={"width": 320, "height": 700})
    page = context.new_page()
    page.set_default_timeout(10_000)

    def cookies() -> dict[str, str]:
        return {cookie["name"]: cookie["value"] for cookie in context.cookies()}

    page.goto(live_server.url + product.get_absolute_url())
    banner = page.get_by_role("region", name="Cookies")
    expect(banner).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert "visitor" not in cookies()
    # From the keyboard: the skip link, the banner's settings link, then its first choice.
    for _ in range(3):
        page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Necessary only")).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(banner).to_have_count(0)
    expect(page.locator(".messages")).to_contain_text("Your cookie choice is saved.")
    assert cookies()["consent"] == "necessary"
    page.goto(live_server.url + product.get_absolute_url())
    expect(banner).to_have_count(0)
    assert "visitor" not in cookies()

    # The footer's "Cookie settings" changes the choice; then browsing is remembered.
    page.get_by_role("link", name="Cookie settings").click()
    page.get_by_label("Necessary cookies and analytics").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save my choice").click()
    assert cookies()["consent"] == "analytics"
    page.goto(live_server.url + product.get_absolute_url())
    assert "visitor" in cookies()
    context.close()
