from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from shop.api.throttling import LoginRateThrottle
from shop.catalogue.factories import variant_of
from shop.orders.cart import DatabaseCartStore

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/auth/token/"


def get_token(client: APIClient, username: str, password: str):  # type: ignore[no-untyped-def]
    return client.post(TOKEN_URL, {"username": username, "password": password}, format="json")


def test_token_for_username_or_email(api, customer, password):
    by_name = get_token(api, customer.username, password)
    assert by_name.status_code == 200
    by_email = get_token(api, customer.email.upper(), password)
    assert by_email.json() == by_name.json()
    assert by_name.json()["token"] == Token.objects.get(user=customer).key


def test_the_token_authenticates(api, customer, password):
    token = get_token(api, customer.username, password).json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/orders/").status_code == 200


def test_wrong_password_is_a_401(api, customer):
    response = get_token(api, customer.username, "not-it")
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "The username or password is not correct."
    assert get_token(api, "nobody", "not-it").status_code == 401
    assert not Token.objects.exists()


def test_inactive_user_gets_no_token(api, customer, password):
    customer.is_active = False
    customer.save()
    assert get_token(api, customer.username, password).status_code == 401


@pytest.mark.parametrize(
    "payload",
    [{}, {"username": "a"}, {"username": 1, "password": "x"}, {"username": "a", "password": None}],
)
def test_bad_token_request(api, db, payload):
    response = api.post(TOKEN_URL, payload, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"


def test_login_is_throttled(api, customer, monkeypatch):
    monkeypatch.setattr(LoginRateThrottle, "THROTTLE_RATES", {"login": "3/minute"})
    for _ in range(3):
        assert get_token(api, customer.username, "wrong").status_code == 401
    response = get_token(api, customer.username, "wrong")
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "throttled"
    assert int(response["Retry-After"]) > 0


def test_repeated_failures_lock_the_account_as_on_the_sign_in_page(
    api, customer, password, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        get_token(api, customer.username, "wrong")
    response = get_token(api, customer.username, password)
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "locked_out"


def test_token_sign_in_takes_the_visitors_cart_along(api, customer, password, product):
    api.post("/api/cart/items/", {"product_id": product.pk, "quantity": 2}, format="json")
    assert get_token(api, customer.username, password).status_code == 200
    assert DatabaseCartStore(customer).quantities() == {variant_of(product).pk: 2}


def test_revoke_the_token(customer_api, customer):
    assert customer_api.delete(TOKEN_URL).status_code == 204
    assert not Token.objects.filter(user=customer).exists()
    response = customer_api.get("/api/orders/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"


def test_bad_token_is_a_401_everywhere(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    response = client.get("/api/products/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_session_auth_works_for_the_browser(customer_client, product):
    assert customer_client.get("/api/orders/").status_code == 200
    response = customer_client.post(
        "/api/cart/items/", {"product_id": product.pk}, content_type="application/json"
    )
    assert response.status_code == 200


def test_session_writes_need_the_csrf_token(customer, product):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(customer)
    response = client.post("/api/cart/items/", {"product_id": product.pk}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["error"]["message"]
    # A token client has no cookie for a forged request to ride on, so it needs none.
    token_client = APIClient(enforce_csrf_checks=True)
    token_client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=customer)}")
    response = token_client.post("/api/cart/items/", {"product_id": product.pk}, format="json")
    assert response.status_code == 200
