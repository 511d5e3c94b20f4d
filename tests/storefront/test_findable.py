"""What search engines and link previews read: titles, descriptions, canonical addresses, Open
Graph, the product's structured data, sitemap.xml and robots.txt; a visitor's own pages are
noindex."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

from shop.catalogue.factories import CategoryFactory, ProductFactory, variant_of

pytestmark = pytest.mark.django_db


def meta(html: str, attribute: str, name: str) -> str | None:
    found = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', html)
    return found.group(1) if found else None


def canonical(html: str) -> str | None:
    found = re.search(r'<link rel="canonical" href="([^"]*)"', html)
    return found.group(1) if found else None


def json_ld(html: str) -> dict:  # type: ignore[type-arg]
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert found, "no JSON-LD on the page"
    return json.loads(found.group(1))  # type: ignore[no-any-return]


@pytest.fixture
def lamp(db):  # type: ignore[no-untyped-def]
    lighting = CategoryFactory(name="Lighting", slug="lighting")
    return ProductFactory(
        title="Brass Desk Lamp",
        slug="brass-desk-lamp",
        brand="Lumen",
        category=lighting,
        price=Decimal("42.00"),
        stock_quantity=3,
        description="A warm brass lamp for reading.",
        rating_count=12,
        rating_average=Decimal("4.25"),
    )


def test_the_home_page_has_a_title_description_canonical_and_open_graph(client, lamp):
    html = client.get("/").content.decode()
    assert re.search(r"<title>[^<]+ · Brightcart</title>", html)
    assert "Brightcart" in (meta(html, "name", "description") or "")
    assert canonical(html) == "http://testserver/"
    assert meta(html, "property", "og:type") == "website"
    assert meta(html, "property", "og:url") == "http://testserver/"
    assert (meta(html, "property", "og:image") or "").startswith("http://testserver/static/")
    assert meta(html, "name", "robots") is None


def test_a_product_page_carries_product_offer_and_rating_structured_data(client, lamp):
    html = client.get("/product/brass-desk-lamp/").content.decode()
    assert "<title>Brass Desk Lamp · Brightcart</title>" in html
    assert meta(html, "name", "description") == "A warm brass lamp for reading."
    assert canonical(html) == "http://testserver/product/brass-desk-lamp/"
    assert meta(html, "property", "og:type") == "product"
    assert meta(html, "property", "og:title") == "Brass Desk Lamp"
    data = json_ld(html)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Product"
    assert data["name"] == "Brass Desk Lamp" and data["sku"] == lamp.sku
    assert data["brand"] == {"@type": "Brand", "name": "Lumen"}
    assert data["image"][0].startswith("http://testserver/")
    assert data["offers"] == {
        "@type": "Offer",
        "url": "http://testserver/product/brass-desk-lamp/",
        "price": "42.00",
        "priceCurrency": "EUR",
        "availability": "https://schema.org/InStock",
        "itemCondition": "https://schema.org/NewCondition",
    }
    assert data["aggregateRating"] == {
        "@type": "AggregateRating",
        "ratingValue": "4.2",
        "ratingCount": 12,
        "bestRating": "5",
        "worstRating": "1",
    }


def test_an_unrated_sold_out_product_says_so_and_claims_no_rating(client):
    ProductFactory(slug="new-lamp", stock_quantity=0, rating_count=0)
    data = json_ld(client.get("/product/new-lamp/").content.decode())
    assert data["offers"]["availability"] == "https://schema.org/OutOfStock"
    assert "aggregateRating" not in data


def test_structured_data_cannot_be_closed_by_the_products_text(client):
    ProductFactory(slug="odd", title="Lamp</script><script>alert(1)</script>")
    html = client.get("/product/odd/").content.decode()
    assert "<script>alert(1)" not in html
    assert json_ld(html)["name"] == "Lamp</script><script>alert(1)</script>"


def test_a_listings_canonical_drops_filters_but_keeps_its_page(client, lamp):
    html = client.get("/category/lighting/?sort=price&min_price=10").content.decode()
    assert canonical(html) == "http://testserver/category/lighting/"
    assert "Lighting" in (meta(html, "name", "description") or "")
    html = client.get("/products/?page=2&sort=price").content.decode()
    assert canonical(html) in ("http://testserver/products/?page=2", "http://testserver/products/")


@pytest.mark.parametrize("path", ["/cart/", "/accounts/login/", "/accounts/signup/"])
def test_a_visitors_own_pages_are_noindex(client, path):
    html = client.get(path).content.decode()
    assert meta(html, "name", "robots") == "noindex, nofollow"


@pytest.mark.parametrize("path", ["/checkout/", "/orders/", "/accounts/profile/"])
def test_a_customers_pages_are_noindex(customer_client, lamp, path):
    customer_client.post(f"/cart/add/{lamp.pk}/", {"variant": variant_of(lamp).pk, "quantity": 1})
    html = customer_client.get(path).content.decode()
    assert meta(html, "name", "robots") == "noindex, nofollow"


def test_sitemap_lists_the_home_page_categories_active_products_and_legal_pages(client, lamp):
    ProductFactory(slug="retired-lamp", is_active=False)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    locations = set(re.findall(r"<loc>([^<]+)</loc>", xml))
    assert {
        "http://testserver/",
        "http://testserver/category/lighting/",
        "http://testserver/product/brass-desk-lamp/",
        "http://testserver/terms/",
        "http://testserver/privacy/",
        "http://testserver/returns/",
        "http://testserver/legal-notice/",
    } <= locations
    assert "http://testserver/product/retired-lamp/" not in locations
    assert "<lastmod>" in xml


def test_robots_txt_keeps_crawlers_out_of_carts_checkout_and_accounts_and_names_the_sitemap(
    client,
):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for path in ("/cart/", "/checkout/", "/accounts/", "/orders/"):
        assert f"Disallow: {path}" in lines
    assert "Disallow: /" not in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
