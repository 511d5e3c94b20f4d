from __future__ import annotations

import pytest
from django.db import DatabaseError

from recommendations.models import Interaction
from recommendations.services import interaction_buffer_flush
from shop.catalogue.factories import ProductFactory
from shop.core.consent import ANALYTICS, CONSENT_COOKIE
from shop.ratings.services import review_submit
from tests.orders.conftest import checkout

pytestmark = pytest.mark.django_db


def kinds(**filters):
    return sorted(Interaction.objects.filter(**filters).values_list("kind", flat=True))


def test_views_carts_purchases_and_ratings_are_recorded(
    customer_client, customer, django_capture_on_commit_callbacks
):
    product = ProductFactory(stock_quantity=5)
    customer_client.get(product.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):  # the cart event, on commit
        customer_client.post(f"/cart/add/{product.pk}/", {"quantity": "2"})
    review = checkout(customer_client)
    with django_capture_on_commit_callbacks(execute=True):
        customer_client.post(
            "/checkout/review/", {"idempotency_key": review.context["idempotency_key"]}
        )
    with django_capture_on_commit_callbacks(execute=True):
        review_submit(user=customer, product=product, stars=4)
    assert kinds(user=customer, product=product) == ["cart", "purchase", "rating", "view"]
    weights = dict(Interaction.objects.filter(user=customer).values_list("kind", "weight"))
    assert weights == {"view": 1.0, "cart": 2.0, "purchase": 2.0, "rating": 4.0}


def test_anonymous_history_joins_the_account_on_login(
    client, customer, password, django_capture_on_commit_callbacks
):
    product = ProductFactory()
    client.cookies[CONSENT_COOKIE] = ANALYTICS  # anonymous views are recorded with consent only
    client.get(product.get_absolute_url())
    interaction_buffer_flush()  # anonymous views wait in a buffer when Redis is the cache
    anonymous = Interaction.objects.get()
    assert anonymous.user is None and anonymous.session_key
    with django_capture_on_commit_callbacks(execute=True):  # sign-in is announced on commit
        client.post("/accounts/login/", {"username": customer.username, "password": password})
    anonymous.refresh_from_db()
    assert anonymous.user == customer and anonymous.session_key == ""


def test_a_recording_failure_never_breaks_the_page(client, monkeypatch):
    product = ProductFactory()

    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(Interaction.objects, "create", broken)
    response = client.get(product.get_absolute_url())
    assert response.status_code == 200
    assert not Interaction.objects.exists()


def test_browsing_visitors_get_a_signed_cookie_not_a_session_row(client):
    from django.contrib.sessions.models import Session

    product = ProductFactory()
    client.cookies[CONSENT_COOKIE] = ANALYTICS  # without it, browsing sets no cookie at all
    response = client.get(product.get_absolute_url())
    assert "visitor" in response.cookies and response.cookies["visitor"]["httponly"]
    assert not Session.objects.exists()
    interaction_buffer_flush()
    visitor = Interaction.objects.get().session_key
    client.get(product.get_absolute_url())
    interaction_buffer_flush()
    assert set(Interaction.objects.values_list("session_key", flat=True)) == {visitor}


def test_a_tampered_visitor_cookie_is_ignored(client):
    product = ProductFactory()
    client.cookies[CONSENT_COOKIE] = ANALYTICS
    client.cookies["visitor"] = "someone-elses-id:forged"
    response = client.get(product.get_absolute_url())
    interaction_buffer_flush()
    assert Interaction.objects.get().session_key != "someone-elses-id"
    assert response.cookies["visitor"].value != "someone-elses-id:forged"
