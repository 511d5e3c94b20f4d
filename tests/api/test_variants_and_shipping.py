"""The API's product types, attribute values, variants and shipping zones, the cart by variant
and checkout refusing a country the shop does not deliver to."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shop.catalogue.factories import (
    AttributeFactory,
    AttributeValueFactory,
    ProductFactory,
    sized_product,
)
from shop.catalogue.models import ProductTypeAttribute
from shop.catalogue.services import product_attribute_values_set
from shop.orders.payments.test_gateway import SUCCESS_CARD

pytestmark = pytest.mark.django_db


@pytest.fixture
def cardigan():
    product = sized_product(colours=("Camel",), sizes=("M", "L"), stock=2)
    merino = AttributeFactory(name="Material", slug="material")
    ProductTypeAttribute.objects.create(
        product_type=product.product_type, attribute=merino, position=0
    )
    product_attribute_values_set(
        product=product, values=[AttributeValueFactory(attribute=merino, name="Merino")]
    )
    return product


def test_a_product_shows_its_type_attribute_values_options_and_variants(client, cardigan):
    data = client.get(f"/api/products/{cardigan.pk}/").json()
    assert data["product_type"] == {
        "id": cardigan.product_type_id,
        "name": "Cardigan",
        "slug": "cardigan",
    }
    assert data["attributes"] == [
        {
            "slug": "material",
            "name": "Material",
            "input_type": "choice",
            "unit": "",
            "values": [{"slug": "merino", "name": "Merino", "number": None}],
        }
    ]
    assert [option["slug"] for option in data["options"]] == ["colour", "size"]
    assert [v["name"] for v in data["variants"]] == ["Camel / M", "Camel / L"]
    first = data["variants"][0]
    assert first["price"] == "94.99" and first["stock_quantity"] == 2 and first["in_stock"]
    assert {o["attribute"]: o["value"] for o in first["options"]} == {
        "colour": "camel",
        "size": "m",
    }


def test_product_types_list_their_attributes_and_roles(client, cardigan):
    types = {t["slug"]: t for t in client.get("/api/product-types/").json()}
    roles = {a["slug"]: a["role"] for a in types["cardigan"]["attributes"]}
    assert roles == {"material": "product", "colour": "variant", "size": "variant"}


def test_the_cart_takes_a_variant_and_prices_it_with_vat_for_a_country(client, cardigan):
    large = cardigan.variants.get(name="Camel / L")
    response = client.post(
        "/api/cart/items/", {"variant_id": large.pk, "quantity": 2}, content_type="application/json"
    )
    assert response.status_code == 200, response.json()
    cart = response.json()
    (line,) = cart["lines"]
    assert line["variant"] == {"id": large.pk, "sku": large.sku, "name": "Camel / L"}
    assert (line["unit_price"], line["line_total"], line["tax_rate"]) == (
        "94.99",
        "189.98",
        "19.00",
    )
    assert cart["tax"] == "30.33" and cart["country"] == "DE"
    in_norway = client.get("/api/cart/?country=no").json()
    assert in_norway["tax"] == "38.00" and in_norway["delivers_to_country"]
    assert client.get("/api/cart/?country=us").json()["shipping_options"] == []
    # A product that comes in options needs its variant.
    refused = client.post(
        "/api/cart/items/", {"product_id": cardigan.pk}, content_type="application/json"
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "variant_required"
    assert "variant_id" in refused.json()["error"]["message"]
    plain = ProductFactory()
    assert (
        client.post(
            "/api/cart/items/", {"product_id": plain.pk}, content_type="application/json"
        ).status_code
        == 200
    )
    removed = client.delete(f"/api/cart/items/{large.pk}/").json()
    assert [line["variant"]["id"] for line in removed["lines"]] == [plain.variants.get().pk]


def test_shipping_zones_and_the_answer_for_one_country(client):
    zones = client.get("/api/shipping/zones/").json()
    germany = next(zone for zone in zones if zone["name"] == "Germany")
    assert germany["countries"] == ["DE"]
    assert germany["methods"][0] == {
        "code": "standard",
        "name": "Standard delivery",
        "price": "4.95",
        "free_over": "50.00",
        "min_days": 2,
        "max_days": 3,
    }
    norway = client.get("/api/shipping/countries/no/").json()
    assert norway["served"] and norway["vat_rate"] == "25.00" and norway["message"] == ""
    usa = client.get("/api/shipping/countries/US/").json()
    assert not usa["served"] and usa["methods"] == [] and "United States" in usa["message"]
    assert client.get("/api/shipping/countries/XX/").status_code == 404


def test_checkout_refuses_an_unserved_country_with_a_422(customer_client, cardigan):
    large = cardigan.variants.get(name="Camel / L")
    customer_client.post(
        "/api/cart/items/", {"variant_id": large.pk}, content_type="application/json"
    )
    body = {
        "address": {
            "full_name": "Ada",
            "line1": "1 Main St",
            "city": "Boston",
            "postcode": "02101",
            "country": "US",
        },
        "shipping_method": "standard",
        "card": {
            "number": SUCCESS_CARD,
            "expiry_month": 12,
            "expiry_year": 2039,
            "cvc": "123",
            "holder": "Ada",
        },
    }
    response = customer_client.post(
        "/api/checkout/", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k" * 20
    )
    # Well-formed, but the shop does not deliver there: a 422 with the reason.
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "country_not_served"
    assert "we don't deliver to United States" in error["message"]
    body["address"]["country"] = "AT"
    placed = customer_client.post(
        "/api/checkout/", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="m" * 20
    )
    assert placed.status_code == 201, placed.json()
    order = placed.json()
    (line,) = order["lines"]
    assert line["variant_name"] == "Camel / L" and line["tax_rate"] == "20.00"
    assert order["tax_total"] == Decimal("15.83").to_eng_string()  # 94.99 * 20 / 120
