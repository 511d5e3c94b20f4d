"""'Not interested': hides a product and its close substitutes from the shopper's rows at once,
and the next build no longer reads the shopper's signals about it as interest."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from recommendations.models import Interaction
from recommendations.selectors import hidden_products, signal_arrays
from shop.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("recommendations:not_interested")


def similar(client, product) -> str:  # type: ignore[no-untyped-def]
    """The 'Similar items' section of the product's page as the client sees it."""
    body = client.get(product.get_absolute_url()).content.decode()
    start = body.index('data-placement="product"')
    return body[start : body.index("</section>", start)]


def test_not_interested_hides_the_product_and_its_substitutes_at_once(
    phone_shop, rebuild, client, settings
):
    settings.STOREFRONT_PAGE_CACHE = True  # as production serves visitors
    p = phone_shop
    rebuild()
    assert "Galaxy Phone" in similar(client, p["phone"])
    response = client.post(URL, {"product": p["phone_2"].pk, "next": p["phone"].get_absolute_url()})
    assert response.status_code == 302 and response["Location"] == p["phone"].get_absolute_url()
    body = client.get(p["phone"].get_absolute_url()).content.decode()
    assert "We will no longer suggest “Galaxy Phone” or products like it." in body
    assert "Galaxy Phone" not in similar(client, p["phone"])
    # Its close substitute (a phone, its nearest neighbour of the same type) goes too.
    hidden = hidden_products(session=client.session)
    assert {p["phone_2"].pk, p["phone"].pk} <= hidden and p["case"].pk not in hidden
    # Another visitor still sees it: the page they get is not this visitor's.
    assert "Galaxy Phone" in similar(Client(), p["phone"])


def test_every_recommended_card_offers_it_with_this_visitors_token(phone_shop, rebuild, client):
    p = phone_shop
    rebuild()
    body = client.get(p["phone"].get_absolute_url()).content.decode()
    assert 'form="not-interested-product" name="product"' in body
    assert f'value="{p["phone_2"].pk}"' in body
    form = body[body.index('<form id="not-interested-product"') :]
    assert 'name="csrfmiddlewaretoken"' in form.split("</form>")[0]


def test_a_customers_word_feeds_the_next_build(phone_shop, rebuild, client):
    p = phone_shop
    rebuild()
    user = UserFactory()
    Interaction.objects.create(user=user, product=p["laptop"], kind="view")
    Interaction.objects.create(user=user, product=p["mouse"], kind="view")
    client.force_login(user)
    client.post(URL, {"product": p["laptop"].pk})
    assert Interaction.objects.filter(user=user, product=p["laptop"], kind="dismiss").exists()
    signals = signal_arrays()
    mine = signals.items[signals.users == f"u{user.pk}"].tolist()
    assert mine == [p["mouse"].pk]  # the laptop view no longer counts; the mouse view does


def test_a_visitor_without_consent_leaves_no_signal(phone_shop, client):
    client.post(URL, {"product": phone_shop["mouse"].pk})
    assert not Interaction.objects.filter(kind="dismiss").exists()
    assert phone_shop["mouse"].pk in hidden_products(session=client.session)


@pytest.mark.parametrize("product", ["", "abc", "999999", "-1"])
def test_bad_input_is_a_404_and_changes_nothing(client, product):
    assert client.post(URL, {"product": product}).status_code == 404
    assert hidden_products(session=client.session) == frozenset()


def test_only_post_and_only_this_sites_pages_to_go_back_to(phone_shop, client):
    assert client.get(URL).status_code == 405
    response = client.post(
        URL, {"product": phone_shop["mouse"].pk, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
