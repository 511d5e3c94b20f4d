from __future__ import annotations

import pytest
from django.db import connection

from shop.catalogue.factories import ProductFactory
from shop.catalogue.models import Product
from shop.catalogue.search import _fallback_search, product_search_queryset, search_terms

pytestmark = pytest.mark.django_db

ODD_QUERIES = [
    "",
    "   ",
    "'; DROP TABLE catalogue_product; --",
    "a & b | !c <-> d:* (e",
    '"unbalanced',
    "émoji 🎧 ünïcödé",
    "%_\\",
    "x" * 5000,
    " ".join(["headphones"] * 500),
]


def titles(queryset):
    return [p.title for p in queryset]


def test_search_terms_are_bounded_and_plain():
    assert search_terms("Red  RED red, shoes!") == ["red", "shoes"]
    assert search_terms("a&b|c:*") == ["a", "b", "c"]
    assert len(search_terms(" ".join(f"w{i}" for i in range(100)))) == 8
    assert search_terms("_ __ ___") == []


def test_search_finds_and_ranks_title_hits_first(products):
    results = titles(
        product_search_queryset(Product.objects.all(), "headphones").order_by("-search_rank")
    )
    # The title hit outranks the product that only mentions headphones in its description.
    assert results == ["Noise Cancelling Headphones", "Bookshelf Speaker"]


def test_search_requires_every_term(products):
    assert titles(product_search_queryset(Product.objects.all(), "sonora speaker")) == [
        "Bookshelf Speaker"
    ]
    assert titles(product_search_queryset(Product.objects.all(), "sonora hose")) == []


def test_search_matches_brand_and_category(products):
    assert titles(product_search_queryset(Product.objects.all(), "greenline")) == [
        "Garden Hose 25m"
    ]


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_odd_queries_never_error(products, query):
    list(product_search_queryset(Product.objects.all(), query))


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_search_page_answers_normally_for_odd_queries(client, products, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200


def test_portable_fallback_ranks_title_over_description(products):
    # The fallback is plain SQL, so it is exercised on every database.
    ranked = _fallback_search(Product.objects.all(), ["headphones"]).order_by("-search_rank")
    assert titles(ranked) == ["Noise Cancelling Headphones", "Bookshelf Speaker"]


@pytest.mark.postgres
def test_postgres_full_text_uses_stemming_and_prefixes(products):
    assert connection.vendor == "postgresql"
    # Stemming: "cancel" matches "Cancelling"; prefix: "headph" matches "headphones".
    assert titles(product_search_queryset(Product.objects.all(), "cancel")) == [
        "Noise Cancelling Headphones"
    ]
    assert "Noise Cancelling Headphones" in titles(
        product_search_queryset(Product.objects.all(), "headph")
    )


@pytest.mark.postgres
def test_postgres_search_vector_follows_edits(products):
    product = ProductFactory(title="Plain Mug", description="Stoneware.")
    assert titles(product_search_queryset(Product.objects.all(), "teapot")) == []
    product.title = "Teapot"
    product.save(update_fields=["title"])
    assert titles(product_search_queryset(Product.objects.all(), "teapot")) == ["Teapot"]


@pytest.mark.postgres
def test_postgres_search_uses_the_gin_index(products):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'catalogue_product_search_gin'"
        )
        row = cursor.fetchone()
    assert row is not None and "gin" in row[0].lower()
