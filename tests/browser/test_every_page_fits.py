"""Every storefront page at phone, small-phone and tablet widths (and the desktop for the
screenshots): nothing scrolls sideways, the controls are at least 44 px tall, no loaded image is
broken, the chat button covers nothing at the end of a phone's page (nor anywhere in checkout),
and a screenshot of each page at each width lands in var/e2e/ to judge the look side by side."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.shop_pages import (
    guest_fill_cart,
    guest_place_order,
    make_catalogue,
    place_order,
    sign_in_and_fill_cart,
)

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

# What the "Ask us" button covers with the page scrolled to its end (where the page reserves room
# for it), or to its top (checkout, where it does not float): text and controls (not the chat
# itself, nor what no one sees).
CHAT_COVERS = """(where) => {
  const toggle = document.querySelector('.chat-toggle');
  if (!toggle) return [];
  window.scrollTo(0, where === 'end' ? document.documentElement.scrollHeight : 0);
  const box = toggle.getBoundingClientRect();
  const overlaps = r => r.width > 1 && r.height > 1 && r.left < box.right && r.right > box.left
    && r.top < box.bottom && r.bottom > box.top;
  const unseen = el => !!el.closest('.chat-widget, [hidden], .visually-hidden');
  const covered = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim() || unseen(node.parentElement)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    if ([...range.getClientRects()].some(overlaps)) {
      covered.push(node.textContent.trim().slice(0, 60));
    }
  }
  for (const el of document.querySelectorAll('a, button, input, select, textarea, summary, img')) {
    if (!unseen(el) && overlaps(el.getBoundingClientRect())) {
      covered.push(el.outerHTML.slice(0, 80));
    }
  }
  window.scrollTo(0, 0);
  return covered;
}"""

# Images the browser fetched that did not decode (a 404, or a file that is not an image).
BROKEN_IMAGES = """() => [...document.images]
  .filter(img => img.complete && img.currentSrc && img.naturalWidth === 0)
  .map(img => img.currentSrc)"""


def check(page, name: str) -> None:  # type: ignore[no-untyped-def]
    width = page.viewport_size["width"]
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
    assert scroll_width <= width, f"{name} at {width}px is {scroll_width}px wide"
    # Every image that has loaded shows a picture: the live server serves the tests' media.
    assert page.evaluate(BROKEN_IMAGES) == [], f"{name} at {width}px: broken images"
    if width < 800:
        assert page.evaluate(SMALL_TARGETS) == [], f"{name} at {width}px: small targets"
    if width < 400:
        assert page.evaluate(CHAT_COVERS, "end") == [], f"{name} at {width}px: the chat covers"
    # Checkout's fields, help text and links are never under it, at any width.
    if page.locator(".checkout-steps").count():
        assert page.evaluate(CHAT_COVERS, "top") == [], f"{name} at {width}px: the chat covers"


def check_all(page, url: str, pages: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    for name, path in pages.items():
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 844})
            page.goto(url + path)
            check(page, name)


def test_every_storefront_page_fits_every_width(browser, live_server):
    public = make_catalogue()
    url = live_server.url
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)
    check_all(page, url, public)

    # A customer's pages: cart, every checkout step, the confirmation, orders, the account.
    page.set_viewport_size({"width": 390, "height": 844})
    check_all(page, url, sign_in_and_fill_cart(page, url))
    check_all(page, url, place_order(page, url))
    context.close()

    # A guest's: checkout with an e-mail address, the confirmation, the link in the e-mail.
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)
    check_all(page, url, guest_fill_cart(page, url))
    page.set_viewport_size({"width": 390, "height": 844})
    check_all(page, url, guest_place_order(page, url))
    context.close()
