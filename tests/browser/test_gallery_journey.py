"""The product page's gallery in a real browser (static/js/gallery.js): a thumbnail shows its
view at once and the address follows, the arrow keys move between thumbnails, and picking
another colour brings that colour's views."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage

from shop.catalogue.factories import sized_product
from shop.catalogue.models import ProductVariant
from shop.demo.services.catalogue import product_gallery_save

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_thumbnails_switch_the_main_picture_by_mouse_keyboard_and_colour(browser, live_server):
    cardigan = sized_product(colours=("Camel", "Navy"), sizes=("M",), stock=6)
    for colour in ("Camel", "Navy"):
        ProductVariant.objects.filter(product=cardigan, name__startswith=colour).update(
            image=product_gallery_save(
                storage=default_storage, stem=f"walk-{colour}", kind="Cardigan", colour=colour
            )
        )
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}{cardigan.get_absolute_url()}?colour=camel&size=m")
    main = page.locator("#product-image")
    assert "/walk-Camel/1-480.png" in (main.get_attribute("src") or "")

    page.get_by_role("link", name="Show the close-up").click()
    assert "/walk-Camel/2-480.png" in (main.get_attribute("src") or "")
    assert "/walk-Camel/2-720.webp 720w" in (
        page.locator(".product-gallery > picture > source").get_attribute("srcset") or ""
    )
    assert page.url.endswith("?colour=camel&size=m&image=2")  # the script did not reload
    assert main.get_attribute("alt") == "Cardigan, close-up (Camel / M)"
    current = page.locator("[data-gallery-thumb][aria-current=true]")
    assert current.get_attribute("data-name") == "close-up"

    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.dataset.name") == "angled view"
    page.keyboard.press("Enter")
    assert "/walk-Camel/3-480.png" in (main.get_attribute("src") or "")

    page.get_by_role("group", name="Colour").get_by_text("Navy", exact=True).click()
    assert "/walk-Navy/3-480.png" in (main.get_attribute("src") or "")
    assert main.get_attribute("alt") == "Cardigan, angled view (Navy / M)"
    thumbs = page.locator("[data-gallery-thumb] img").evaluate_all("i => i.map(x => x.src)")
    assert all("/walk-Navy/" in src for src in thumbs)
    assert errors == []
