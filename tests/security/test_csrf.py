"""Every form refuses a POST without the CSRF token (403) and accepts the same POST with it.

The positive control matters: it proves the 403 comes from the CSRF check, not from the view.
The API's session writes are covered in tests/api/test_auth.py; the chat API is added here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from shop.accounts.factories import DEFAULT_PASSWORD, AddressFactory, StaffFactory, UserFactory
from shop.catalogue.factories import ProductFactory

from .helpers import paid_order

pytestmark = pytest.mark.django_db

PASSWORD = DEFAULT_PASSWORD
ADDRESS_FORM = {
    "full_name": "Grace Hopper",
    "line1": "1 Compiler Way",
    "city": "Arlington",
    "postcode": "22201",
    "country": "us",
}
CARD_FORM = {"holder": "Ada", "number": "4242424242424242", "expiry": "12/39", "cvc": "123"}


def _world() -> dict[str, Any]:
    customer = UserFactory(username="buyer")
    product = ProductFactory(stock_quantity=9)
    return {
        "customer": customer,
        "staff": StaffFactory(username="boss"),
        "product": product,
        "address": AddressFactory(user=customer),
        "order": paid_order(customer),
    }


# (name, who is signed in, path builder, form data)
FORMS: list[tuple[str, str | None, Callable[[dict[str, Any]], str], dict[str, str]]] = [
    ("login", None, lambda w: "/accounts/login/", {"username": "buyer", "password": PASSWORD}),
    (
        "signup",
        None,
        lambda w: "/accounts/signup/",
        {
            "username": "newbie",
            "email": "newbie@example.com",
            "password1": "a-Strong-passphrase-42",
            "password2": "a-Strong-passphrase-42",
        },
    ),
    ("logout", "customer", lambda w: "/accounts/logout/", {}),
    ("address create", "customer", lambda w: "/accounts/addresses/new/", ADDRESS_FORM),
    ("address edit", "customer", lambda w: f"/accounts/addresses/{w['address'].pk}/", ADDRESS_FORM),
    (
        "address delete",
        "customer",
        lambda w: f"/accounts/addresses/{w['address'].pk}/delete/",
        {},
    ),
    (
        "password change",
        "customer",
        lambda w: "/accounts/password/change/",
        {
            "old_password": PASSWORD,
            "new_password1": "x-New-pass-987",
            "new_password2": "x-New-pass-987",
        },
    ),
    ("password reset", None, lambda w: "/accounts/password/reset/", {"email": "a@example.com"}),
    ("cart add", None, lambda w: f"/cart/add/{w['product'].pk}/", {"quantity": "1"}),
    ("cart update", "customer", lambda w: f"/cart/update/{w['product'].pk}/", {"quantity": "2"}),
    ("cart remove", "customer", lambda w: f"/cart/remove/{w['product'].pk}/", {}),
    ("checkout address", "customer", lambda w: "/checkout/", ADDRESS_FORM),
    ("checkout shipping", "customer", lambda w: "/checkout/shipping/", {"method": "standard"}),
    ("checkout payment", "customer", lambda w: "/checkout/payment/", CARD_FORM),
    (
        "checkout review",
        "customer",
        lambda w: "/checkout/review/",
        {"idempotency_key": "0123456789abcdef0123"},
    ),
    ("order cancel", "customer", lambda w: f"/orders/{w['order'].number}/cancel/", {}),
    (
        "review save",
        "customer",
        lambda w: f"/product/{w['product'].pk}/review/",
        {"stars": "4", "title": "Nice"},
    ),
    ("review delete", "customer", lambda w: f"/product/{w['product'].pk}/review/delete/", {}),
    ("admin login", None, lambda w: "/admin/login/", {"username": "boss", "password": PASSWORD}),
    (
        "admin action",
        "staff",
        lambda w: "/admin/orders/order/",
        {"action": "mark_shipped", "_selected_action": "__order__"},
    ),
    (
        "admin change",
        "staff",
        lambda w: f"/admin/catalogue/product/{w['product'].pk}/change/",
        {"title": "Changed"},
    ),
]


def _client(world: dict[str, Any], who: str | None) -> Client:
    client = Client(enforce_csrf_checks=True)
    if who is not None:
        client.force_login(world[who])
    # A page with a form sets the csrftoken cookie: the forged POST below carries the cookie (as
    # a browser would) but not the token, which another site cannot read.
    client.get(world["product"].get_absolute_url())
    assert "csrftoken" in client.cookies
    return client


def _data(world: dict[str, Any], data: dict[str, str]) -> dict[str, str]:
    return {k: (str(world["order"].pk) if v == "__order__" else v) for k, v in data.items()}


@pytest.mark.parametrize(("name", "who", "path", "data"), FORMS, ids=[f[0] for f in FORMS])
def test_form_post_without_the_token_is_refused(name, who, path, data):
    world = _world()
    client = _client(world, who)
    url = path(world)
    refused = client.post(url, _data(world, data))
    assert refused.status_code == 403, (name, refused.status_code)
    token = client.cookies["csrftoken"].value
    accepted = client.post(url, {**_data(world, data), "csrfmiddlewaretoken": token})
    assert accepted.status_code != 403, (name, accepted.content[:500])


def test_a_token_from_another_session_is_refused():
    world = _world()
    victim = _client(world, "customer")
    attacker = Client(enforce_csrf_checks=True)
    attacker.get(world["product"].get_absolute_url())
    foreign = attacker.cookies["csrftoken"].value
    response = victim.post(
        f"/orders/{world['order'].number}/cancel/", {"csrfmiddlewaretoken": foreign}
    )
    assert response.status_code == 403
    world["order"].refresh_from_db()
    assert world["order"].status == "paid"


def test_chat_api_with_a_session_needs_the_token():
    world = _world()
    client = _client(world, "customer")
    body = {"message": "hello"}
    refused = client.post("/api/chat/", body, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["error"]["status"] == 403
    accepted = client.post(
        "/api/chat/",
        body,
        content_type="application/json",
        headers={"X-CSRFToken": client.cookies["csrftoken"].value},
    )
    assert accepted.status_code == 200
