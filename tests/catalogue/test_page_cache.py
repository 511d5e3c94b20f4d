"""Anonymous visitors get whole pages from the cache, with their own CSRF token and cart."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from shop.catalogue.factories import stock_set, variant_of
from shop.catalogue.selectors import product_version
from shop.catalogue.services import product_variants_sync, stock_release, stock_reserve
from shop.ratings.services import review_submit

pytestmark = pytest.mark.django_db


def csrf_token(html: bytes) -> str:
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "no CSRF field on the page"
    return match.group(1).decode()


def cart_count(html: bytes) -> int:
    match = re.search(rb'class="cart-count"[^>]*>(\d+)<', html)
    assert match, "no cart count in the header"
    return int(match.group(1))


def test_a_product_page_is_served_from_the_cache_without_a_query(client, products):
    url = products["anc"].get_absolute_url()
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        again = Client().get(url)
    # The key comes from the cache too (the product's id by slug, its version): no query at all
    # (the visitor has not consented to analytics, so the view is not recorded either).
    sql = [query["sql"] for query in queries.captured_queries]
    assert sql == [], "\n".join(sql)
    assert again.status_code == 200
    assert b"Noise Cancelling Headphones" in again.content
    assert b"csrf-hole" not in again.content and b"cart-link-hole" not in again.content
    assert first.content.count(b"csrfmiddlewaretoken") == again.content.count(
        b"csrfmiddlewaretoken"
    )


def test_each_visitor_gets_a_working_csrf_token_and_their_own_cart(products):
    product = products["anc"]
    url = product.get_absolute_url()
    alice, bob = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    alice_page, bob_page = alice.get(url), bob.get(url)
    assert csrf_token(alice_page.content) != csrf_token(bob_page.content)

    response = alice.post(
        f"/cart/add/{product.pk}/",
        {"quantity": "2", "csrfmiddlewaretoken": csrf_token(alice_page.content)},
    )
    assert response.status_code == 302
    alice.get(url)  # the page that shows the "added" message is rendered afresh
    assert cart_count(alice.get(url).content) == 2
    assert cart_count(bob.get(url).content) == 0
    # Bob's token, filled into the same cached page, is accepted for Bob's own session.
    assert (
        bob.post(
            f"/cart/add/{product.pk}/",
            {"quantity": "1", "csrfmiddlewaretoken": csrf_token(bob.get(url).content)},
        ).status_code
        == 302
    )


def test_changes_to_the_product_show_at_once(client, products):
    product = products["anc"]
    url = product.get_absolute_url()
    client.get(url)
    variant = product.variants.get()
    variant.price = Decimal("123.45")
    variant.save()
    product_variants_sync(product_id=product.pk)
    stock_set(product, 2)
    page = client.get(url).content.decode()
    assert "123.45" in page and "Only 2 left" in page


def test_a_new_review_shows_at_once(client, products, customer):
    product = products["anc"]
    url = product.get_absolute_url()
    client.get(url)
    review_submit(user=customer, product=product, stars=5, title="Quiet bliss on trains")
    assert "Quiet bliss on trains" in client.get(url).content.decode()


def test_stock_sold_and_put_back_shows_at_once(
    client, products, django_capture_on_commit_callbacks
):
    product = products["anc"]
    url = product.get_absolute_url()
    stock_set(product, 7)
    assert "Only" not in client.get(url).content.decode()
    variant = variant_of(product)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        stock_reserve(quantities={variant.pk: 4})
    assert "Only 3 left" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        stock_release(quantities={variant.pk: 1})
    assert "Only 4 left" in client.get(url).content.decode()


def test_a_write_gives_the_page_a_new_version_again_after_its_commit(
    products, django_capture_on_commit_callbacks
):
    """A page another request renders from the data before the commit is cached under the
    version of that moment, which the commit replaces: it is never served."""
    product = products["anc"]
    before = product_version(product_id=product.pk)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        stock_reserve(quantities={variant_of(product).pk: 1})
        during = product_version(product_id=product.pk)
    after = product_version(product_id=product.pk)
    assert len({before, during, after}) == 3


def test_a_product_taken_off_sale_is_gone_at_once(client, products):
    product = products["anc"]
    url = product.get_absolute_url()
    assert client.get(url).status_code == 200
    product.is_active = False
    product.save()
    assert client.get(url).status_code == 404
    assert Client().get(url).status_code == 404


def test_flash_messages_are_never_cached_or_lost(client, products):
    product = products["anc"]
    url = product.get_absolute_url()
    client.get(url)
    client.post(f"/cart/add/{product.pk}/", {"quantity": "1"})
    shown = client.get(url).content.decode()
    assert "message" in shown and "Noise Cancelling Headphones" in shown
    assert 'class="messages"' in shown
    assert 'class="messages"' not in Client().get(url).content.decode()


def test_signed_in_customers_get_their_own_page(customer_client, products):
    url = products["anc"].get_absolute_url()
    Client().get(url)
    page = customer_client.get(url).content.decode()
    assert "Write a review" in page and "Log out" in page
    assert "Log out" not in Client().get(url).content.decode()


def test_the_switch_turns_the_page_cache_off(client, products, settings):
    settings.STOREFRONT_PAGE_CACHE = False
    url = products["anc"].get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert len(queries.captured_queries) > 1


def test_home_and_listings_are_cached_for_visitors(client, products):
    for url in ("/", "/products/", "/category/electronics/", "/search/?q=headphones"):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = Client().get(url)
        assert response.status_code == 200
        assert len(queries.captured_queries) == 0, url


def test_a_slug_given_to_another_product_shows_that_product(client, products):
    """The slug's id is kept in the cache; the saves drop it and the render checks it."""
    old = products["anc"]
    url = old.get_absolute_url()
    assert "Noise Cancelling Headphones" in client.get(url).content.decode()
    old.slug = "anc-headphones-2024"
    old.save()
    newcomer = products["speaker"]
    newcomer.slug = "anc-headphones"
    newcomer.save()
    for visitor in (client, Client()):
        page = visitor.get(url).content.decode()
        assert "Bookshelf Speaker" in page and "Noise Cancelling Headphones" not in page
    assert "Noise Cancelling Headphones" in client.get(old.get_absolute_url()).content.decode()
