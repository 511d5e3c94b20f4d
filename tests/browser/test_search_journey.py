"""Search in a real browser: a misspelt query typed in the header, a suggestion picked with
the keyboard from the ARIA combobox, then a facet chosen (Debian's Chromium via Playwright)."""

from __future__ import annotations

import pytest

from tests.search.fixtures import catalogue  # noqa: F401  (a fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("catalogue"),
]


def test_type_a_misspelt_query_pick_a_suggestion_and_filter_by_a_facet(browser, live_server):
    page = browser.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live_server.url + "/")
    box = page.get_by_role("combobox", name="Search products")
    box.click()
    box.press_sequentially("hedphones", delay=30)
    listbox = page.get_by_role("listbox", name="Suggestions")
    listbox.get_by_role("option", name="headphones").first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    box.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert active and page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    assert "headphones" in page.locator(f"#{active}").inner_text()
    box.press("Enter")
    page.wait_for_url("**/search/?q=headphones")
    assert page.locator(".product-card").count() == 3
    page.locator(".facet-brand").get_by_role("link", name="Voltara").click()
    page.wait_for_url("**brand=Voltara**")
    titles = page.locator(".product-card-title").all_inner_texts()
    assert len(titles) == 2 and all(t.startswith("Voltara") for t in titles)
    selected = page.locator(".facet-brand [aria-current=true]")
    assert "Voltara" in selected.inner_text()
    assert errors == []


def test_without_javascript_the_header_is_a_plain_form(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("searchbox", name="Search products").fill("hairdryer")
    page.get_by_role("button", name="Search").first.click()
    page.wait_for_url("**/search/?q=hairdryer")
    assert page.locator(".product-card").count() == 2
    context.close()
