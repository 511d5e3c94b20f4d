from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from shop.accounts.factories import UserFactory
from shop.catalogue.factories import ProductFactory, variant_of
from shop.orders.cart import DatabaseCartStore
from shop.orders.services import ShippingAddress, order_place
from shop.ratings.models import Review
from shop.ratings.services import ReviewError, review_set_hidden, review_submit
from tests.payments import card

pytestmark = pytest.mark.django_db


def test_review_updates_average_and_count(customer):
    product = ProductFactory()
    review_submit(user=customer, product=product, stars=4, title="Good")
    review_submit(user=UserFactory(username="b"), product=product, stars=1)
    product.refresh_from_db()
    assert (product.rating_average, product.rating_count) == (Decimal("2.50"), 2)


def test_editing_replaces_the_review(customer):
    product = ProductFactory()
    review_submit(user=customer, product=product, stars=2, body="meh")
    review_submit(user=customer, product=product, stars=5, body="grew on me")
    assert Review.objects.get(user=customer, product=product).body == "grew on me"
    product.refresh_from_db()
    assert (product.rating_average, product.rating_count) == (Decimal("5.00"), 1)


@pytest.mark.parametrize("stars", [0, 6, -1])
def test_stars_must_be_1_to_5(customer, stars):
    with pytest.raises(ReviewError):
        review_submit(user=customer, product=ProductFactory(), stars=stars)


def test_verified_purchase(customer):
    product = ProductFactory(stock_quantity=3)
    assert not review_submit(user=customer, product=product, stars=3).is_verified_purchase
    store = DatabaseCartStore(customer)
    store.set(variant_of(product).pk, 1)
    order_place(
        user=customer,
        store=store,
        address=ShippingAddress("A", "B", "C", "D", "DE"),
        shipping_method_code="standard",
        payment=card(),
        idempotency_key="v" * 32,
    )
    assert review_submit(user=customer, product=product, stars=4).is_verified_purchase


def test_hidden_reviews_leave_the_page_and_the_average(client, customer):
    product = ProductFactory()
    bad = review_submit(user=customer, product=product, stars=1, body="SPAM LINK")
    review_submit(user=UserFactory(username="fan"), product=product, stars=5)
    review_set_hidden(review=bad, hidden=True)
    product.refresh_from_db()
    assert (product.rating_average, product.rating_count) == (Decimal("5.00"), 1)
    assert "SPAM LINK" not in client.get(product.get_absolute_url()).content.decode()


def test_review_through_the_page_and_xss_is_text(customer_client, customer):
    product = ProductFactory()
    payload = "<script>alert('x')</script>"
    response = customer_client.post(
        reverse("ratings:save", args=[product.pk]),
        {"stars": "5", "title": payload, "body": payload},
    )
    assert response.status_code == 302
    body = customer_client.get(product.get_absolute_url()).content.decode()
    assert payload not in body
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in body


def test_review_form_errors_are_messages(customer_client):
    product = ProductFactory()
    response = customer_client.post(
        reverse("ratings:save", args=[product.pk]), {"stars": "9"}, follow=True
    )
    assert response.status_code == 200
    assert not Review.objects.exists()
    assert any("valid choice" in str(m) for m in response.context["messages"])


def test_reviews_newest_first_and_paginated(client):
    product = ProductFactory()
    for i in range(12):
        review_submit(user=UserFactory(username=f"r{i}"), product=product, stars=3, title=f"T{i}")
    first_page = client.get(product.get_absolute_url()).context["reviews"]
    assert [r.title for r in first_page][:2] == ["T11", "T10"]
    assert len(first_page) == 10
    second = client.get(product.get_absolute_url(), {"reviews": "2"}).context["reviews"]
    assert [r.title for r in second] == ["T1", "T0"]


def test_nobody_deletes_another_customers_review(customer_client):
    product = ProductFactory()
    other = review_submit(user=UserFactory(username="owner"), product=product, stars=4)
    customer_client.post(reverse("ratings:delete", args=[product.pk]))
    assert Review.objects.filter(pk=other.pk).exists()


def test_anonymous_cannot_review(client):
    product = ProductFactory()
    response = client.post(reverse("ratings:save", args=[product.pk]), {"stars": "5"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Review.objects.exists()


def test_staff_hide_action(client, staff_user, customer):
    review = review_submit(user=customer, product=ProductFactory(), stars=2)
    client.force_login(staff_user)
    client.post(
        reverse("admin:ratings_review_changelist"),
        {"action": "hide_reviews", "_selected_action": [review.pk]},
    )
    review.refresh_from_db()
    assert review.is_hidden
