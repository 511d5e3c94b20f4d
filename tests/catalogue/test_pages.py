from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shop.catalogue.factories import ProductFactory

pytestmark = pytest.mark.django_db


def listing_titles(response) -> list[str]:
    return [p.title for p in response.context["page"].object_list]


def test_home_shows_products_and_departments(client, products):
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Bookshelf Speaker" in body
    assert "Electronics" in body


def test_category_page_includes_subcategories(client, products):
    response = client.get("/category/electronics/")
    assert response.status_code == 200
    assert set(listing_titles(response)) == {"Noise Cancelling Headphones", "Bookshelf Speaker"}


def test_unknown_category_and_product_are_404(client, db):
    assert client.get("/category/nope/").status_code == 404
    response = client.get("/product/nope/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_product_page_shows_details_and_breadcrumbs(client, products):
    response = client.get(products["anc"].get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "Noise Cancelling Headphones" in body
    assert "199.00" in body
    assert [n.name for n in response.context["breadcrumbs"]] == [
        "Electronics",
        "Audio",
        "Headphones",
    ]


def test_inactive_products_are_hidden(client, products):
    product = ProductFactory(title="Discontinued Widget", is_active=False)
    assert client.get(product.get_absolute_url()).status_code == 404
    assert "Discontinued Widget" not in listing_titles(client.get("/products/"))


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"min_price": "50"}, {"Noise Cancelling Headphones", "Bookshelf Speaker"}),
        ({"max_price": "50"}, {"Garden Hose 25m"}),
        ({"min_price": "50", "max_price": "100"}, {"Bookshelf Speaker"}),
        ({"min_rating": "4"}, {"Noise Cancelling Headphones"}),
        (
            {"min_rating": "2"},
            {"Noise Cancelling Headphones", "Bookshelf Speaker", "Garden Hose 25m"},
        ),
        ({"in_stock": "on"}, {"Noise Cancelling Headphones", "Bookshelf Speaker"}),
        ({"category": "audio"}, {"Noise Cancelling Headphones", "Bookshelf Speaker"}),
    ],
)
def test_filters(client, products, params, expected):
    assert set(listing_titles(client.get("/products/", params))) == expected


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("price", ["Garden Hose 25m", "Bookshelf Speaker", "Noise Cancelling Headphones"]),
        ("-price", ["Noise Cancelling Headphones", "Bookshelf Speaker", "Garden Hose 25m"]),
        ("rating", ["Noise Cancelling Headphones", "Bookshelf Speaker", "Garden Hose 25m"]),
        ("popularity", ["Bookshelf Speaker", "Noise Cancelling Headphones", "Garden Hose 25m"]),
    ],
)
def test_sorting(client, products, sort, expected):
    assert listing_titles(client.get("/products/", {"sort": sort})) == expected


def test_sort_newest(client, tree):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    ProductFactory(title="Old", created_at=now - timedelta(days=30))
    ProductFactory(title="New", created_at=now)
    assert listing_titles(client.get("/products/", {"sort": "newest"})) == ["New", "Old"]


def test_invalid_filters_are_reported_and_ignored(client, products):
    response = client.get(
        "/products/", {"min_price": "cheap", "min_rating": "9", "sort": "bogus", "page": "x"}
    )
    assert response.status_code == 200
    assert len(listing_titles(response)) == 3
    assert "Some filters were not valid" in response.content.decode()


def test_pagination_clamps_out_of_range_pages(client, tree, settings):
    settings.CATALOGUE_PAGE_SIZE = 2
    for i in range(5):
        ProductFactory(title=f"Item {i}", price=Decimal(i + 1))
    response = client.get("/products/", {"page": "99", "sort": "price"})
    assert response.status_code == 200
    assert response.context["page"].number == 3
    assert listing_titles(response) == ["Item 4"]


def test_search_page_ranks_and_keeps_query(client, products):
    response = client.get("/search/", {"q": "headphones"})
    assert response.status_code == 200
    assert listing_titles(response)[0] == "Noise Cancelling Headphones"
    assert "headphones" in response.content.decode()


def test_empty_search_shows_search_form(client, db):
    response = client.get("/search/", {"q": ""})
    assert response.status_code == 200
    assert b"What are you looking for?" in response.content


def _count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/products/", "/category/electronics/", "/search/?q=gadget", "/"])
def test_listing_query_count_does_not_grow_with_page_size(client, tree, settings, url):
    settings.CATALOGUE_PAGE_SIZE = 30
    settings.STOREFRONT_PAGE_CACHE = False  # count what a render costs
    for i in range(3):
        ProductFactory(title=f"Gadget {i}", category=tree["headphones"])
    _count_queries(client, url)  # warm the category cache
    small = _count_queries(client, url)
    for i in range(3, 30):
        ProductFactory(title=f"Gadget {i}", category=tree["audio"])
    large = _count_queries(client, url)
    assert large == small
    # The page and its count, and the facets: categories, brands, the price bands, ratings and
    # stock in one, the options in one; a search adds its loosening check.
    assert small <= (7 if "q=" in url else 6)


def test_product_page_query_count_does_not_grow_with_reviews(client, products, settings):
    settings.STOREFRONT_PAGE_CACHE = False  # count what a render costs
    from shop.accounts.factories import UserFactory
    from shop.ratings.services import review_submit

    product = products["anc"]
    url = product.get_absolute_url()
    review_submit(user=UserFactory(username="first"), product=product, stars=4)
    _count_queries(client, url)
    few = _count_queries(client, url)
    for i in range(15):
        review_submit(user=UserFactory(username=f"reviewer{i}"), product=product, stars=5)
    assert _count_queries(client, url) == few
    # product, reviews (count + page with authors), the view signal (savepoint, insert, release),
    # and the option selector: variants, their options, the type's attributes, attribute values
    assert few <= 11


def test_health_endpoint(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_the_home_grids_fill_whole_lines_at_2_3_and_4_columns(client):
    import re

    ProductFactory.create_batch(15)
    html = client.get("/").content.decode()
    for heading in ("bestsellers-heading", "newest-heading"):
        section = html.split(f'aria-labelledby="{heading}"', 1)[1].split("</section>", 1)[0]
        cards = len(re.findall(r'<article class="product-card', section))
        assert cards and all(cards % columns == 0 for columns in (2, 3, 4)), (heading, cards)
