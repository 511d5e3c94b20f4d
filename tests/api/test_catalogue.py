from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recommendations.models import Interaction
from shop.catalogue.factories import CategoryFactory, ProductFactory

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content
    return [product["title"] for product in response.json()["results"]]


# --- Categories ------------------------------------------------------------------------------


def test_categories_flat_list_puts_parents_first(api, tree):
    response = api.get("/api/categories/")
    assert response.status_code == 200
    assert [(c["slug"], c["parent_id"]) for c in response.json()] == [
        ("electronics", None),
        ("audio", tree["electronics"].pk),
        ("headphones", tree["audio"].pk),
        ("garden", None),
    ]


def test_category_tree(api, tree):
    roots = api.get("/api/categories/tree/").json()
    assert [root["slug"] for root in roots] == ["electronics", "garden"]
    audio = roots[0]["children"][0]
    assert audio["slug"] == "audio"
    assert audio["children"] == [
        {"id": tree["headphones"].pk, "name": "Headphones", "slug": "headphones", "children": []}
    ]


def test_category_detail_has_ancestors_and_subtree(api, tree):
    body = api.get("/api/categories/audio/").json()
    assert body["parent_id"] == tree["electronics"].pk
    assert [a["slug"] for a in body["ancestors"]] == ["electronics"]
    assert [c["slug"] for c in body["children"]] == ["headphones"]


def test_unknown_category_is_a_json_404(api, tree):
    response = api.get("/api/categories/nope/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


# --- Product list ----------------------------------------------------------------------------


def test_products_list_only_active_products_by_popularity(api, products):
    ProductFactory(title="Retired", is_active=False)
    assert titles(api.get("/api/products/")) == [
        "Bookshelf Speaker",
        "Noise Cancelling Headphones",
        "Garden Hose 25m",
    ]


def test_product_card_fields(api, products):
    card = api.get("/api/products/", {"q": "hose"}).json()["results"][0]
    assert card["price"] == "24.50"
    assert card["in_stock"] is False
    assert card["category"] == {
        "id": products["hose"].category_id,
        "name": "Garden",
        "slug": "garden",
    }
    assert card["url"] == "http://testserver/product/garden-hose/"
    assert card["image_url"].startswith("http://testserver/")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"category": "electronics"}, {"Bookshelf Speaker", "Noise Cancelling Headphones"}),
        ({"category": "headphones"}, {"Noise Cancelling Headphones"}),
        ({"category": "unknown"}, set()),
        ({"min_price": "50", "max_price": "100"}, {"Bookshelf Speaker"}),
        ({"min_rating": "4"}, {"Noise Cancelling Headphones"}),
        ({"in_stock": "true"}, {"Bookshelf Speaker", "Noise Cancelling Headphones"}),
        ({"q": "noise"}, {"Noise Cancelling Headphones"}),
        ({"q": "headphones"}, {"Noise Cancelling Headphones", "Bookshelf Speaker"}),
        ({"q": "sonora speaker"}, {"Bookshelf Speaker"}),
        ({"q": "!!! ???"}, set()),
    ],
)
def test_products_filters(api, products, query, expected):
    assert set(titles(api.get("/api/products/", query))) == expected


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("price", ["Garden Hose 25m", "Bookshelf Speaker", "Noise Cancelling Headphones"]),
        ("-price", ["Noise Cancelling Headphones", "Bookshelf Speaker", "Garden Hose 25m"]),
        ("rating", ["Noise Cancelling Headphones", "Bookshelf Speaker", "Garden Hose 25m"]),
    ],
)
def test_products_sorting(api, products, sort, expected):
    assert titles(api.get("/api/products/", {"sort": sort})) == expected


def test_products_pagination(api, db):
    ProductFactory.create_batch(5)
    first = api.get("/api/products/", {"page_size": 2}).json()
    assert first["count"] == 5 and len(first["results"]) == 2
    assert "page=2" in first["next"] and first["previous"] is None
    last = api.get("/api/products/", {"page_size": 2, "page": 3}).json()
    assert len(last["results"]) == 1 and last["next"] is None
    assert api.get("/api/products/", {"page": 4, "page_size": 2}).status_code == 404
    default = api.get("/api/products/").json()
    assert len(default["results"]) == 5


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"min_price": "cheap"}, "min_price"),
        ({"min_price": "-1"}, "min_price"),
        ({"max_price": "1e400"}, "max_price"),
        ({"max_price": "NaN"}, "max_price"),
        ({"min_rating": "5"}, "min_rating"),
        ({"sort": "cheapest"}, "sort"),
        ({"in_stock": "maybe"}, "in_stock"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "1000"}, "page_size"),
        ({"page": "first"}, "page"),
    ],
)
def test_products_bad_query_is_a_400_naming_the_field(api, products, query, field):
    response = api.get("/api/products/", query)
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert list(error["fields"]) == [field]


def test_products_odd_search_never_fails(api, products):
    for q in ["a" * 5000, "' OR 1=1 --", "ü" * 300, "&|!:*()", "headphones:* & !x"]:
        assert api.get("/api/products/", {"q": q}).status_code == 200
    assert api.get("/api/products/", {"q": "\x00"}).status_code == 400


def test_list_queries_do_not_grow_with_page_size(api, db):
    category = CategoryFactory()
    ProductFactory.create_batch(30, category=category)

    def count(page_size: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = api.get("/api/products/", {"page_size": page_size})
        assert len(response.json()["results"]) == page_size
        return len(queries)

    assert count(2) == count(30)


# --- Product detail --------------------------------------------------------------------------


def test_product_detail_by_id_and_slug(api, products):
    anc = products["anc"]
    by_id = api.get(f"/api/products/{anc.pk}/")
    by_slug = api.get("/api/products/slug/anc-headphones/")
    assert by_id.status_code == by_slug.status_code == 200
    assert by_id.json() == by_slug.json()
    body = by_id.json()
    assert body["sku"] == anc.sku and body["description"] == anc.description
    assert [c["slug"] for c in body["category_path"]] == ["electronics", "audio", "headphones"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/products/999999/",
        "/api/products/99999999999999999999999/",
        "/api/products/-1/",
        "/api/products/abc/",
        "/api/products/slug/nope/",
        "/api/products/slug/%0A/",
    ],
)
def test_missing_products_are_json_404s(api, products, path):
    response = api.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["status"] == 404


def test_inactive_product_is_not_found(api, db):
    retired = ProductFactory(is_active=False)
    assert api.get(f"/api/products/{retired.pk}/").status_code == 404
    assert api.get(f"/api/products/slug/{retired.slug}/").status_code == 404


def test_product_view_counts_for_a_customer(customer_api, customer, product):
    customer_api.get(f"/api/products/{product.pk}/")
    assert Interaction.objects.filter(
        user=customer, product=product, kind=Interaction.Kind.VIEW
    ).exists()


def test_product_view_does_not_start_a_session_for_a_visitor(api, product):
    response = api.get(f"/api/products/{product.pk}/")
    assert "sessionid" not in response.cookies
    assert not Interaction.objects.exists()


def test_price_is_a_decimal_string(api, db):
    ProductFactory(price=Decimal("1234.50"))
    assert api.get("/api/products/").json()["results"][0]["price"] == "1234.50"
