"""axe-core on every storefront page, on a desktop and on a 320 px phone: no violation of any
impact (issue 18's target). axe.min.js comes inside the axe-playwright-python wheel, so the
check needs no CDN and no npm once `make install` has run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.browser.shop_pages import (
    guest_fill_cart,
    guest_place_order,
    make_catalogue,
    place_order,
    sign_in_and_fill_cart,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = pytest.importorskip("axe_playwright_python.base").AXE_FILE_PATH
WIDTHS = (1366, 320)
# The WCAG 2.x A and AA rules and axe's best practices: every rule axe runs by default.
OPTIONS = {"resultTypes": ["violations"]}
REPORTS = Path(__file__).resolve().parents[2] / "var" / "e2e" / "axe"


def violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    """axe's violations on the page as it stands, one line per rule and element."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("options => axe.run(document, options)", OPTIONS)
    return [
        f"{found['id']} ({found['impact']}): {node['target']} {node['html'][:160]}"
        for found in result["violations"]
        for node in found["nodes"]
    ]


def audit(page, url: str, pages: dict[str, str], found: dict[str, list[str]]) -> None:  # type: ignore[no-untyped-def]
    for name, path in pages.items():
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 844})
            page.goto(url + path)
            if problems := violations(page):
                found[f"{name} at {width}px"] = problems


def test_every_storefront_page_passes_axe(browser, live_server):
    public = make_catalogue()
    url = live_server.url
    # bypass_csp: the shop's Content-Security-Policy forbids injected scripts, axe's included.
    context = browser.new_context(viewport={"width": 1366, "height": 844}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    found: dict[str, list[str]] = {}
    audit(page, url, public, found)

    # The chat, open over the home page.
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 844})
        page.goto(url + "/")
        toggle = page.get_by_role("button", name="Ask us")
        # The widget reopens on the next page as it was left.
        if toggle.get_attribute("aria-expanded") != "true":
            toggle.click()
        page.locator("#chat-panel").wait_for(state="visible")
        if problems := violations(page):
            found[f"chat at {width}px"] = problems

    page.get_by_role("button", name="Close the chat").click()
    audit(page, url, sign_in_and_fill_cart(page, url), found)
    audit(page, url, place_order(page, url), found)
    context.close()
    context = browser.new_context(viewport={"width": 1366, "height": 844}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    audit(page, url, guest_fill_cart(page, url), found)
    audit(page, url, guest_place_order(page, url), found)
    context.close()
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "violations.json").write_text(json.dumps(found, indent=2))
    assert found == {}, json.dumps(found, indent=2)
