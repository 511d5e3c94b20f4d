"""Responsive pictures beyond the product cards (issue 18): the thumbnails of the cart, the
checkout's summary and review, the confirmation and the order page use the cards' <picture>
(a WebP source, every width in srcset, sizes for the small box, width and height set)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage

from shop.catalogue.factories import ProductFactory, variant_of
from shop.demo.services.catalogue import product_gallery_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def lamp():  # type: ignore[no-untyped-def]
    image = product_gallery_save(
        storage=default_storage, stem="pictured-lamp", kind="Table Lamp", colour="Mustard"
    )
    return ProductFactory(title="Brass Desk Lamp", price=Decimal("62.00"), image=image)


def thumbnails(html: str, size: int) -> list[str]:
    """The line thumbnails of ``size`` px: each a <picture> with the gallery's widths."""
    found = re.findall(r'<li class="line-item">\s*(<picture>.*?</picture>)', html, re.S)
    for picture in found:
        assert 'type="image/webp"' in picture and "/pictured-lamp/1-240.webp 240w" in picture
        assert "/pictured-lamp/1-720.png 720w" in picture
        assert f'width="{size}" height="{size}"' in picture and 'class="line-image"' in picture
        assert 'loading="lazy"' in picture and 'alt=""' in picture
    return found


def test_the_cart_and_checkout_thumbnails_are_responsive_pictures(client, lamp):
    client.post(f"/cart/add/{lamp.pk}/", {"variant": variant_of(lamp).pk, "quantity": 1})
    html = client.get("/cart/").content.decode()
    assert len(thumbnails(html, 96)) == 1
    assert 'sizes="(min-width: 640px) 96px, 72px"' in html
    html = client.get("/checkout/").content.decode()  # the summary beside the address step
    assert len(thumbnails(html, 56)) == 1 and 'sizes="56px"' in html


def test_the_review_confirmation_and_order_page_thumbnails_are_responsive_pictures(
    customer_client, customer, lamp
):
    from shop.orders.cart import DatabaseCartStore
    from shop.orders.services import ShippingAddress, order_place
    from tests.payments import card

    store = DatabaseCartStore(customer)
    store.set(variant_of(lamp).pk, 1)
    order = order_place(
        user=customer,
        store=store,
        address=ShippingAddress("Ada Lovelace", "1 Light St", "Berlin", "10115", "DE"),
        shipping_method_code="standard",
        payment=card(),
        idempotency_key="pictures-order-01",
    )
    for path in (f"/checkout/done/{order.number}/", f"/orders/{order.number}/"):
        assert len(thumbnails(customer_client.get(path).content.decode(), 56)) == 1, path


def test_department_tiles_show_their_best_sellers_picture(client, lamp):
    from shop.catalogue.factories import CategoryFactory

    home = CategoryFactory(name="Home & Living", slug="home-living", position=1)
    lighting = CategoryFactory(name="Lighting", slug="lighting", parent=home)
    CategoryFactory(name="Garden", slug="garden", position=2)
    lamp.category, lamp.popularity = lighting, 5.0
    lamp.save()
    other = product_gallery_save(
        storage=default_storage, stem="quiet-lamp", kind="Table Lamp", colour="Navy"
    )
    ProductFactory(title="Quiet Lamp", category=home, popularity=1.0, image=other)
    html = client.get("/").content.decode()
    tiles = html.split('class="department-tiles"', 1)[1].split("</ul>", 1)[0]
    found = re.findall(r'<a class="department-tile" href="([^"]+)">(.*?)</a>', tiles, re.S)
    living, garden = dict(found)["/category/home-living/"], dict(found)["/category/garden/"]
    # The most popular product anywhere below the department, as a responsive picture.
    assert "<strong>Home &amp; Living</strong>" in living
    assert "/pictured-lamp/1-240.webp 240w" in living and "quiet-lamp" not in living
    assert 'alt=""' in living and 'width="240" height="240"' in living
    assert 'loading="lazy"' in living and 'class="department-image"' in living
    # A department with no pictured product keeps a plain tile.
    assert "<strong>Garden</strong>" in garden and "<picture" not in garden and "<img" not in garden
