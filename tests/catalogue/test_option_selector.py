"""The product page's option selector: a fieldset per option, price and stock per choice, and a
form that works without JavaScript (the script only makes it instant)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shop.catalogue.factories import ProductFactory, sized_product
from shop.catalogue.services import variant_stock_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def cardigan():
    product = sized_product(colours=("Camel", "Navy"), sizes=("S", "M"), stock=8)
    variant_stock_set(variant_id=product.variants.get(name="Navy / M").pk, quantity=2)
    variant_stock_set(variant_id=product.variants.get(name="Camel / S").pk, quantity=0)
    return product


def test_each_option_is_a_fieldset_with_a_legend_and_labelled_choices(client, cardigan):
    html = client.get(cardigan.get_absolute_url()).content.decode()
    assert html.count('<fieldset class="option-group"') == 2
    assert "<legend>Colour" in html and "<legend>Size" in html
    assert 'type="radio" name="colour" value="navy"' in html
    # Every option, its price and stock, readable without any script.
    assert "Every option, its price and stock" in html
    assert 'data-options="colour=camel;size=s"' in html and "sold out" in html
    # The script is a file (no inline script, for a Content-Security-Policy without them).
    assert 'src="/static/js/variants.js"' in html
    assert "<script>" not in html


def test_without_javascript_the_shopper_submits_a_choice_and_sees_its_price_and_stock(
    client, cardigan
):
    response = client.post(
        f"/cart/add/{cardigan.pk}/", {"colour": "navy", "size": "m", "quantity": 1, "show": "1"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{cardigan.get_absolute_url()}?colour=navy&size=m"
    html = client.get(response["Location"]).content.decode()
    assert 'id="product-price">€94.99<' in html
    assert "Only 2 left" in html
    assert 'name="variant" value="' + str(cardigan.variants.get(name="Navy / M").pk) in html
    # Choices are described with the other option as chosen: Navy S has 8, Camel M has 8.
    assert "€94.99 · in stock" in html and "€94.99 · only 2 left" in html


def test_adding_needs_every_option_and_adds_the_chosen_variant(client, cardigan):
    incomplete = client.post(f"/cart/add/{cardigan.pk}/", {"colour": "navy", "quantity": 1})
    assert incomplete["Location"] == f"{cardigan.get_absolute_url()}?colour=navy"
    page = client.get(incomplete["Location"]).content.decode()
    assert "Please choose from every option before adding it." in page
    added = client.post(
        f"/cart/add/{cardigan.pk}/", {"colour": "navy", "size": "m", "quantity": 2}, follow=True
    )
    html = added.content.decode()
    assert "Added Arden Knit Cardigan (Navy / M) to your cart." in html
    sold_out = client.post(
        f"/cart/add/{cardigan.pk}/", {"colour": "camel", "size": "s", "quantity": 1}, follow=True
    )
    assert "Arden Knit Cardigan (Camel / S) is out of stock." in sold_out.content.decode()


def test_the_price_shown_is_a_from_price_until_the_choice_is_complete(client, cardigan):
    dearer = cardigan.variants.get(name="Navy / S")
    dearer.price = Decimal("109.00")
    dearer.save()
    from shop.catalogue.services import product_variants_sync

    product_variants_sync(product_id=cardigan.pk)
    html = client.get(cardigan.get_absolute_url()).content.decode()
    assert 'id="product-price">from €94.99<' in html
    html = client.get(cardigan.get_absolute_url() + "?colour=navy&size=s").content.decode()
    assert 'id="product-price">€109.00<' in html


def test_a_plain_product_has_no_options_and_says_what_vat_its_price_includes(client):
    lamp = ProductFactory(title="Desk Lamp", price=Decimal("42.00"))
    html = client.get(lamp.get_absolute_url()).content.decode()
    assert "option-group" not in html and "variants.js" not in html
    assert "€42.00" in html
    assert "Including 19% VAT for Germany, plus delivery." in html
