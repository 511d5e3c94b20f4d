"""Signed-in customers get the shared page from the cache, with their own header and review form;
exact query counts on the hot pages (the SQL printed when they change)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shop.accounts.factories import StaffFactory, UserFactory
from shop.ratings.services import review_submit

pytestmark = pytest.mark.django_db


def queries_of(client: Client, url: str) -> list[str]:
    """The SQL of a request once the page is cached (the third: sessions and caches settle)."""
    client.get(url)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def signed_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def tables(sql: list[str]) -> list[str]:
    """The first table each statement names ("" for savepoints)."""
    found = []
    for statement in sql:
        names = [part for part in statement.split('"') if "_" in part and part.islower()]
        found.append(names[0] if names and statement.startswith(("SELECT", "INSERT")) else "")
    return found


def test_signed_in_product_page_queries_are_exactly_the_personal_ones(products):
    sql = queries_of(signed_in(UserFactory()), products["anc"].get_absolute_url())
    # The user, their delivery country (part of the shared copy's key), the view recorded for
    # their history (savepoint, insert, release), their own review and their cart's count: the
    # product, its variants, options, attributes and reviews come with the cached page.
    assert tables(sql) == [
        "accounts_user",
        "accounts_address",
        "",
        "recommendations_interaction",
        "",
        "ratings_review",
        "orders_cartline",
    ], "\n".join(sql)


def test_signed_in_home_queries_are_exactly_the_personal_ones(products):
    sql = queries_of(signed_in(UserFactory()), "/")
    # The user, their country, their cart's count and their segments (the offer slot's hole).
    assert tables(sql) == [
        "accounts_user",
        "accounts_address",
        "orders_cartline",
        "segments_customersegment",
    ], "\n".join(sql)


def test_each_customer_sees_their_own_review_form_on_the_shared_page(products):
    product = products["anc"]
    url = product.get_absolute_url()
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    review_submit(user=alice, product=product, stars=4, title="Comfortable for hours")
    alice_client, bob_client = signed_in(alice), signed_in(bob)
    for _ in range(2):  # rendered, then from the cache
        alice_page = alice_client.get(url).content.decode()
        bob_page = bob_client.get(url).content.decode()
        assert "Edit your review" in alice_page and 'value="Comfortable for hours"' in alice_page
        assert "Delete my review" in alice_page
        assert "Write a review" in bob_page and "Delete my review" not in bob_page
        assert "Comfortable for hours" in bob_page  # the review itself is shared
        assert "Log out" in bob_page and "Log in to write a review" not in bob_page
    assert "Log in to write a review" in Client().get(url).content.decode()


def test_staff_and_customers_get_their_own_header(products):
    url = products["anc"].get_absolute_url()
    customer_page = signed_in(UserFactory()).get(url).content.decode()
    staff_page = signed_in(StaffFactory(username="staff")).get(url).content.decode()
    assert ">Admin<" in staff_page and ">Admin<" not in customer_page
    assert ">Admin<" not in signed_in(UserFactory()).get(url).content.decode()


def test_a_review_saved_from_the_cached_page_is_accepted_and_shows(products):
    product = products["anc"]
    url = product.get_absolute_url()
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    client.get(url)
    page = client.get(url).content.decode()
    # The token inside the review form's hole.
    form = page[page.index('class="review-form"') :]
    token = form.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        reverse("ratings:save", args=[product.pk]),
        {"stars": "5", "title": "Quiet at last", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302, response.content[:500]
    client.get(url)  # the page with the "saved" message is rendered afresh
    assert "Quiet at last" in client.get(url).content.decode()
