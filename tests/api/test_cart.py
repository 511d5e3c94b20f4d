from __future__ import annotations

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from recommendations.models import Interaction
from shop.catalogue.factories import ProductFactory, stock_set, variant_of
from shop.orders.cart import DatabaseCartStore

pytestmark = pytest.mark.django_db


def add(client: APIClient, product_id: object, quantity: object = 1):  # type: ignore[no-untyped-def]
    return client.post(
        "/api/cart/items/", {"product_id": product_id, "quantity": quantity}, format="json"
    )


def quantities(response) -> dict[int, int]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content
    return {line["product"]["id"]: line["quantity"] for line in response.json()["lines"]}


def test_empty_cart(api):
    body = api.get("/api/cart/").json()
    assert body["lines"] == [] and body["item_count"] == 0 and body["subtotal"] == "0.00"
    assert [option["code"] for option in body["shipping_options"]] == ["standard", "express"]


def test_visitor_cart_lives_in_the_session(api, product, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the cart event is delivered on commit
        response = add(api, product.pk, 2)
    assert quantities(response) == {product.pk: 2}
    assert "sessionid" in response.cookies
    assert quantities(api.get("/api/cart/")) == {product.pk: 2}
    assert Interaction.objects.filter(kind=Interaction.Kind.CART, user=None).count() == 1
    # Another visitor (another session) has a cart of their own.
    assert quantities(APIClient().get("/api/cart/")) == {}


def test_token_customer_cart_lives_in_the_database(customer_api, customer, product):
    body = add(customer_api, product.pk, 2).json()
    assert body["subtotal"] == "60.00" and body["item_count"] == 2
    assert body["lines"][0]["line_total"] == "60.00"
    assert DatabaseCartStore(customer).quantities() == {variant_of(product).pk: 2}
    # Adding again adds to the quantity.
    assert quantities(add(customer_api, product.pk, 1)) == {product.pk: 3}


def test_session_and_token_clients_share_a_customers_cart(customer_api, customer_client, product):
    add(customer_api, product.pk, 1)
    assert quantities(customer_client.get("/api/cart/")) == {product.pk: 1}


def test_one_customers_cart_is_invisible_to_another(customer_api, other_api, product):
    add(customer_api, product.pk, 1)
    assert quantities(other_api.get("/api/cart/")) == {}
    assert quantities(other_api.delete(f"/api/cart/items/{variant_of(product).pk}/")) == {}
    assert quantities(customer_api.get("/api/cart/")) == {product.pk: 1}


def test_change_quantity_and_remove(customer_api, product):
    add(customer_api, product.pk, 1)
    response = customer_api.put(
        f"/api/cart/items/{variant_of(product).pk}/", {"quantity": 4}, format="json"
    )
    assert quantities(response) == {product.pk: 4}
    assert quantities(customer_api.delete(f"/api/cart/items/{variant_of(product).pk}/")) == {}
    # Removing what is not there changes nothing.
    assert quantities(customer_api.delete(f"/api/cart/items/{variant_of(product).pk}/")) == {}


def test_visitor_can_change_and_remove_too(api, product):
    add(api, product.pk, 1)
    assert quantities(
        api.put(f"/api/cart/items/{variant_of(product).pk}/", {"quantity": 3}, format="json")
    )
    assert quantities(api.get("/api/cart/")) == {product.pk: 3}
    assert quantities(api.delete(f"/api/cart/items/{variant_of(product).pk}/")) == {}


def test_more_than_in_stock_is_refused_with_the_services_message(customer_api, product):
    response = add(customer_api, product.pk, 6)
    assert response.status_code == 409
    assert response.json()["error"] == {
        "status": 409,
        "code": "out_of_stock",
        "message": "Only 5 of Desk Lamp in stock.",
    }
    response = customer_api.put(
        f"/api/cart/items/{variant_of(product).pk}/", {"quantity": 9}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "out_of_stock"


def test_out_of_stock_and_retired_products(customer_api, db):
    sold_out = ProductFactory(stock_quantity=0, title="Gone")
    assert add(customer_api, sold_out.pk).json()["error"]["message"] == "Gone is out of stock."
    retired = ProductFactory(is_active=False)
    response = add(customer_api, retired.pk)
    # A well-formed id that names nothing on sale: a 404, as the schema documents.
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "No such product."
    response = customer_api.put(
        f"/api/cart/items/{variant_of(retired).pk}/", {"quantity": 1}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "unavailable"
    assert "no longer sold" in response.json()["error"]["message"]


def test_line_with_a_problem_is_flagged(customer_api, product):
    add(customer_api, product.pk, 5)
    stock_set(product, 2)
    body = customer_api.get("/api/cart/").json()
    assert body["has_problems"] is True
    assert body["lines"][0]["problem"] == "Only 2 left"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"quantity": 1}, "product_id"),
        ({"product_id": "1", "quantity": 1}, "product_id"),
        ({"product_id": 1.5, "quantity": 1}, "product_id"),
        ({"product_id": True, "quantity": 1}, "product_id"),
        ({"product_id": 10**30, "quantity": 1}, "product_id"),
        ({"product_id": None, "quantity": 1}, "product_id"),
        ({"product_id": 1, "quantity": 0}, "quantity"),
        ({"product_id": 1, "quantity": 1000}, "quantity"),
        ({"product_id": 1, "quantity": "two"}, "quantity"),
        ({"product_id": 1, "quantity": [1]}, "quantity"),
    ],
)
def test_bad_input_names_the_field(customer_api, product, payload, field):
    response = customer_api.post("/api/cart/items/", payload, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["error"]["fields"]


def test_unknown_product_id_is_a_404_on_add_and_on_change(customer_api, db):
    assert add(customer_api, 987654).status_code == 404
    response = customer_api.put("/api/cart/items/987654/", {"quantity": 1}, format="json")
    assert response.status_code == 404


def test_body_that_is_not_an_object(customer_api, product):
    for body in ("[]", '"text"', "42", "null"):
        response = customer_api.post("/api/cart/items/", body, content_type="application/json")
        assert response.status_code == 400, (body, response.content)


def test_huge_quantity_in_decimal_notation(customer_api, product):
    response = customer_api.post(
        "/api/cart/items/",
        f'{{"product_id": {product.pk}, "quantity": 1e400}}',
        content_type="application/json",
    )
    assert response.status_code == 400


def test_subtotal_and_free_shipping(customer_api, db):
    pricey = ProductFactory(price=Decimal("60.00"))
    body = add(customer_api, pricey.pk).json()
    standard = next(o for o in body["shipping_options"] if o["code"] == "standard")
    assert standard["price"] == "0.00"
