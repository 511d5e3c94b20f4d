"""The product page's gallery and the responsive pictures of product cards: several views,
each with a WebP source and every width in srcset; thumbnails that are links (?image=N), so the
gallery works without the script; a product without a gallery keeps a plain image."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.core.files.storage import default_storage

from shop.catalogue.factories import ProductFactory, sized_product
from shop.catalogue.images import GALLERY_VIEWS, GALLERY_WIDTHS
from shop.catalogue.models import ProductVariant
from shop.demo.services.catalogue import product_gallery_save

pytestmark = pytest.mark.django_db


class Tags(HTMLParser):
    """Every start tag of the page, with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {k: v or "" for k, v in attrs}))


def tags(response, tag: str, **attrs: str) -> list[dict[str, str]]:
    parser = Tags()
    parser.feed(response.content.decode())
    return [a for t, a in parser.found if t == tag and all(a.get(k) == v for k, v in attrs.items())]


def widths(srcset: str) -> list[int]:
    return [int(w) for w in re.findall(r" (\d+)w", srcset)]


@pytest.fixture
def lamp():
    image = product_gallery_save(
        storage=default_storage, stem="test-lamp", kind="Table Lamp", colour="Mustard"
    )
    return ProductFactory(title="Brass Desk Lamp", slug="brass-desk-lamp", image=image)


def test_product_page_shows_a_gallery_with_webp_and_every_width(client, lamp):
    response = client.get(lamp.get_absolute_url())
    assert response.status_code == 200

    (main,) = tags(response, "img", id="product-image")
    assert main["src"].endswith("/test-lamp/1-480.png")
    assert widths(main["srcset"]) == list(GALLERY_WIDTHS)
    assert (main["width"], main["height"]) == ("560", "560")
    assert main["sizes"] and "Brass Desk Lamp" not in main["alt"]  # the title is the heading
    webp = [s for s in tags(response, "source", type="image/webp") if "/test-lamp/" in s["srcset"]]
    assert widths(webp[0]["srcset"]) == list(GALLERY_WIDTHS)
    assert all(".webp " in part for part in webp[0]["srcset"].split(", "))

    thumbs = [a for a in tags(response, "a") if "data-gallery-thumb" in a]
    assert [a["href"] for a in thumbs] == [
        f"?image={n}#product-image" for n in range(1, GALLERY_VIEWS + 1)
    ]
    assert [a.get("aria-current") for a in thumbs] == ["true"] + [None] * (GALLERY_VIEWS - 1)
    assert '<script src="/static/js/gallery.js" defer>' in response.content.decode()


def test_a_thumbnails_link_shows_its_view_without_a_script(client, lamp):
    response = client.get(f"{lamp.get_absolute_url()}?image=2")

    (main,) = tags(response, "img", id="product-image")
    assert main["src"].endswith("/test-lamp/2-480.png")
    thumbs = [a for a in tags(response, "a") if "data-gallery-thumb" in a]
    assert [a.get("aria-current") for a in thumbs][:2] == [None, "true"]
    # Out of range or not a number: the first view.
    for wrong in ("0", "99", "x"):
        page = client.get(f"{lamp.get_absolute_url()}?image={wrong}")
        assert tags(page, "img", id="product-image")[0]["src"].endswith("/1-480.png")


def test_a_chosen_colour_shows_its_own_gallery_and_keeps_the_choice_in_the_links(client):
    cardigan = sized_product(colours=("Camel", "Navy"), sizes=("M",), stock=3)
    for colour in ("Camel", "Navy"):
        image = product_gallery_save(
            storage=default_storage, stem=f"cardigan-{colour}", kind="Cardigan", colour=colour
        )
        ProductVariant.objects.filter(product=cardigan, name__startswith=colour).update(image=image)
    response = client.get(f"{cardigan.get_absolute_url()}?colour=navy&size=m")

    (main,) = tags(response, "img", id="product-image")
    assert "/cardigan-Navy/1-480.png" in main["src"] and main["alt"].endswith("(Navy / M)")
    thumbs = [a for a in tags(response, "a") if "data-gallery-thumb" in a]
    assert thumbs[1]["href"] == "?colour=navy&size=m&image=2#product-image"
    rows = [r for r in tags(response, "tr") if "data-variant-row" in r]
    assert all(".webp 720w" in r["data-image-webp-srcset"] for r in rows)


def test_product_cards_offer_every_width_and_webp(client, lamp):
    response = client.get("/products/")

    (card,) = [i for i in tags(response, "img") if "/test-lamp/" in i.get("src", "")]
    assert (card["width"], card["height"], card["loading"]) == ("240", "240", "lazy")
    assert widths(card["srcset"]) == list(GALLERY_WIDTHS) and card["sizes"]
    assert any("/test-lamp/1-240.webp 240w" in s["srcset"] for s in tags(response, "source"))


def test_a_product_without_a_gallery_keeps_one_plain_image(client):
    product = ProductFactory(slug="plain")
    response = client.get(product.get_absolute_url())

    (main,) = tags(response, "img", id="product-image")
    assert "srcset" not in main and (main["width"], main["height"]) == ("560", "560")
    assert not [a for a in tags(response, "a") if "data-gallery-thumb" in a]
