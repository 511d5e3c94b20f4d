"""The cookie choice (issue 18): asked on the first visit, honoured by the view tracking, and
never baked into the anonymous page cache."""

from __future__ import annotations

import pytest

from recommendations.models import Interaction
from recommendations.services import interaction_buffer_flush
from shop.catalogue.factories import ProductFactory
from shop.core.consent import CONSENT_COOKIE

pytestmark = pytest.mark.django_db

BANNER = 'class="consent-banner"'


@pytest.fixture(autouse=True)
def cached_pages(settings):  # type: ignore[no-untyped-def]
    settings.STOREFRONT_PAGE_CACHE = True


def test_a_first_visit_is_asked_and_a_choice_ends_the_question(client):
    home = client.get("/")
    assert BANNER in home.content.decode()
    assert "Necessary only" in home.content.decode() and "Accept analytics" in home.content.decode()
    response = client.post("/cookies/", {"choice": "necessary", "next": "/products/"})
    assert response.status_code == 302 and response["Location"] == "/products/"
    cookie = response.cookies[CONSENT_COOKIE]
    assert cookie.value == "necessary" and cookie["httponly"] and cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) > 0
    assert BANNER not in client.get("/").content.decode()
    # The settings page (linked from every footer) shows the choice and changes it.
    page = client.get("/cookies/").content.decode()
    assert 'value="necessary" id="consent-necessary" checked' in page
    client.post("/cookies/", {"choice": "analytics"})
    assert client.cookies[CONSENT_COOKIE].value == "analytics"


def test_a_cached_page_asks_each_visitor_who_has_not_chosen(client):
    product = ProductFactory()
    # One visitor who chose fills the cache...
    client.cookies[CONSENT_COOKIE] = "analytics"
    assert BANNER not in client.get(product.get_absolute_url()).content.decode()
    # ...and the next visitor, served from the cache, is still asked; the first still is not.
    client.cookies.clear()
    assert BANNER in client.get(product.get_absolute_url()).content.decode()
    client.cookies[CONSENT_COOKIE] = "necessary"
    assert BANNER not in client.get(product.get_absolute_url()).content.decode()


@pytest.mark.parametrize("choice", [None, "necessary", "bogus"])
def test_without_consent_a_browsing_visitor_gets_no_cookie_and_no_history(client, choice):
    product = ProductFactory()
    if choice:
        client.cookies[CONSENT_COOKIE] = choice
    response = client.get(product.get_absolute_url())
    assert response.status_code == 200
    assert "visitor" not in response.cookies
    interaction_buffer_flush()
    assert not Interaction.objects.exists()


def test_with_consent_views_are_remembered_under_the_visitor_cookie(client):
    product = ProductFactory()
    client.cookies[CONSENT_COOKIE] = "analytics"
    response = client.get(product.get_absolute_url())
    assert "visitor" in response.cookies
    client.get(product.get_absolute_url())
    interaction_buffer_flush()
    keys = set(Interaction.objects.values_list("session_key", flat=True))
    assert len(keys) == 1 and keys != {""}


def test_the_api_tracks_an_anonymous_view_only_with_consent(client):
    product = ProductFactory()
    client.get("/cart/")  # no visitor cookie yet; add one the way a cart does
    client.post(f"/cart/add/{product.pk}/", {"quantity": 1})
    assert "visitor" in client.cookies
    client.get(f"/api/products/{product.pk}/")
    client.cookies[CONSENT_COOKIE] = "analytics"
    client.get(f"/api/products/{product.pk}/")
    interaction_buffer_flush()
    views = Interaction.objects.filter(kind="view")
    assert list(views.values_list("session_key", flat=True)) == [
        client.cookies["visitor"].value.split(":")[0]
    ]


def test_a_choice_that_is_neither_is_refused_with_a_reason(client):
    response = client.post("/cookies/", {"choice": "everything", "next": "/"})
    assert response.status_code == 400
    assert "Choose necessary cookies only, or analytics as well." in response.content.decode()
    assert CONSENT_COOKIE not in response.cookies


def test_the_choice_never_sends_the_visitor_elsewhere(client):
    response = client.post("/cookies/", {"choice": "necessary", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_the_banner_returns_each_visitor_to_their_own_page_with_a_working_token(db):
    """The banner is rendered once per worker; its address and token are each request's."""
    from django.test import Client

    visitor = Client(enforce_csrf_checks=True)
    for path, escaped in (("/", "/"), ("/search/?q=a&page=2", "/search/?q=a&amp;page=2")):
        page = visitor.get(path).content.decode()
        banner = page[page.index(BANNER) :]
        assert f'name="next" value="{escaped}"' in banner
    token = banner.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    response = visitor.post(
        "/cookies/", {"choice": "necessary", "next": "/products/", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302 and response["Location"] == "/products/"


@pytest.mark.parametrize("path", ["/accounts/signup/", "/accounts/login/", "/cart/"])
def test_pages_rendered_afresh_show_the_banner_as_markup_not_text(client, path):
    body = client.get(path).content.decode()
    assert '<section class="consent-banner"' in body
    assert "&lt;section" not in body
