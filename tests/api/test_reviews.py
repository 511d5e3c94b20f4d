from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shop.accounts.factories import UserFactory
from shop.catalogue.factories import ProductFactory
from shop.ratings.models import Review
from shop.ratings.services import review_set_hidden, review_submit

pytestmark = pytest.mark.django_db


def url(product) -> str:  # type: ignore[no-untyped-def]
    return f"/api/products/{product.pk}/review/"


def test_reviews_list_visible_newest_first(api, customer, other_customer, product):
    older = review_submit(user=customer, product=product, stars=4, title="Good")
    newer = review_submit(user=other_customer, product=product, stars=2, title="Meh")
    hidden_author = UserFactory(username="troll")
    review_set_hidden(
        review=review_submit(user=hidden_author, product=product, stars=1), hidden=True
    )
    body = api.get(f"/api/products/{product.pk}/reviews/").json()
    assert body["count"] == 2
    assert [r["id"] for r in body["results"]] == [newer.pk, older.pk]
    assert body["results"][1]["author"] == customer.username
    assert "is_hidden" not in body["results"][0]


def test_reviews_of_a_missing_product(api, db):
    assert api.get("/api/products/424242/reviews/").status_code == 404


def test_write_then_replace_your_review(customer_api, customer, product):
    created = customer_api.put(url(product), {"stars": 4, "title": "Nice"}, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["stars"] == 4 and created.json()["is_verified_purchase"] is False
    replaced = customer_api.put(url(product), {"stars": 2, "body": "Broke."}, format="json")
    assert replaced.status_code == 200
    assert replaced.json()["id"] == created.json()["id"]
    assert Review.objects.filter(user=customer).count() == 1
    product.refresh_from_db()
    assert (product.rating_average, product.rating_count) == (Decimal("2.00"), 1)


def test_post_is_the_same_as_put(customer_api, product):
    assert customer_api.post(url(product), {"stars": 5}, format="json").status_code == 201
    assert customer_api.post(url(product), {"stars": 3}, format="json").status_code == 200


def test_read_your_own_review(customer_api, product):
    assert customer_api.get(url(product)).status_code == 404
    customer_api.put(url(product), {"stars": 5}, format="json")
    body = customer_api.get(url(product)).json()
    assert body["stars"] == 5 and body["product_id"] == product.pk and body["is_hidden"] is False


def test_delete_your_review(customer_api, customer, product):
    customer_api.put(url(product), {"stars": 5}, format="json")
    assert customer_api.delete(url(product)).status_code == 204
    assert not Review.objects.exists()
    assert customer_api.delete(url(product)).status_code == 404
    product.refresh_from_db()
    assert product.rating_count == 0


def test_another_customers_review_is_out_of_reach(customer_api, other_customer, product):
    theirs = review_submit(user=other_customer, product=product, stars=5, title="Theirs")
    assert customer_api.get(url(product)).status_code == 404
    assert customer_api.delete(url(product)).status_code == 404
    customer_api.put(url(product), {"stars": 1}, format="json")
    theirs.refresh_from_db()
    assert (theirs.stars, theirs.title) == (5, "Theirs")


def test_writing_needs_authentication(api, product):
    assert api.put(url(product), {"stars": 5}, format="json").status_code == 401
    assert api.delete(url(product)).status_code == 401
    assert api.get(url(product)).status_code == 401
    assert not Review.objects.exists()


def test_review_of_a_missing_or_retired_product(customer_api, db):
    retired = ProductFactory(is_active=False)
    for product_id in (retired.pk, 999999):
        response = customer_api.put(
            f"/api/products/{product_id}/review/", {"stars": 5}, format="json"
        )
        assert response.status_code == 404


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "stars"),
        ({"stars": 0}, "stars"),
        ({"stars": 6}, "stars"),
        ({"stars": "5"}, "stars"),
        ({"stars": 4.5}, "stars"),
        ({"stars": 5, "title": "t" * 121}, "title"),
        ({"stars": 5, "body": "b" * 5001}, "body"),
        ({"stars": 5, "title": 7}, "title"),
        ({"stars": 5, "title": "null \x00 byte"}, "title"),
    ],
)
def test_bad_review_input(customer_api, product, payload, field):
    response = customer_api.put(url(product), payload, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


def test_review_list_queries_do_not_grow_with_page_size(api, product):
    for user in UserFactory.create_batch(12):
        review_submit(user=user, product=product, stars=4)

    def count(page_size: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = api.get(f"/api/products/{product.pk}/reviews/", {"page_size": page_size})
        assert len(response.json()["results"]) == page_size
        return len(queries)

    assert count(2) == count(12)
