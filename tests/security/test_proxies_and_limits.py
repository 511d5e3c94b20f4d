"""Clients' addresses come from the trusted proxies only; wrong passwords are limited per
address across usernames and per account inside a session (issue 13, findings 2, 3 and 12)."""

from __future__ import annotations

from typing import Any

import pytest
from axes.helpers import get_client_ip_address
from django.test import Client, RequestFactory
from rest_framework.test import APIClient
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle

from shop.accounts.factories import UserFactory
from shop.core.clients import client_ip

pytestmark = [pytest.mark.hardening, pytest.mark.django_db]

PROXY = "10.0.0.2"
ATTACKER = "203.0.113.9"
VICTIM = "198.51.100.7"


@pytest.fixture
def tight_rates(monkeypatch: pytest.MonkeyPatch) -> None:
    rates = {**SimpleRateThrottle.THROTTLE_RATES, "chat": "3/minute", "login": "3/minute"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)


@pytest.fixture
def behind_one_proxy(settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}


def _chat(client: APIClient, forwarded: str) -> int:
    response = client.post(
        "/api/chat/",
        {"message": "how long does delivery take?"},
        format="json",
        HTTP_X_FORWARDED_FOR=forwarded,
    )
    return int(response.status_code)


def test_a_rotating_x_forwarded_for_does_not_escape_the_throttles(tight_rates):
    statuses = [_chat(APIClient(), f"192.0.2.{n}") for n in range(4)]
    assert statuses == [200, 200, 200, 429]
    logins = [
        APIClient()
        .post(
            "/api/auth/token/",
            {"username": "nobody", "password": "wrong"},
            format="json",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
        .status_code
        for n in range(4)
    ]
    assert logins == [401, 401, 401, 429]


@pytest.mark.parametrize(
    ("count", "meta", "expected"),
    [
        (0, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": ATTACKER}, PROXY),
        (1, {"REMOTE_ADDR": PROXY}, PROXY),
        (1, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": VICTIM}, VICTIM),
        (1, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"{ATTACKER}, {VICTIM}"}, VICTIM),
        (
            2,
            {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"{ATTACKER}, {VICTIM}, 10.0.0.1"},
            VICTIM,
        ),
        (2, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": VICTIM}, VICTIM),
    ],
)
def test_throttles_and_the_lockout_read_the_same_client_address(settings, count, meta, expected):
    settings.TRUSTED_PROXY_COUNT = count
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": count}
    request = RequestFactory().get("/", **meta)
    assert client_ip(request) == expected
    assert BaseThrottle().get_ident(request) == expected  # DRF's NUM_PROXIES
    assert get_client_ip_address(request) == expected  # django-axes


def _login(client: Client, forwarded: str, username: str, password: str) -> int:
    response = client.post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )
    return int(response.status_code)


def test_behind_the_proxy_an_attacker_cannot_lock_a_customer_out(
    behind_one_proxy, customer, password
):
    attacker = Client()
    failures = [_login(attacker, ATTACKER, customer.username, "wrong") for _ in range(6)]
    assert failures[-1] == 429  # the attacker's address is locked for this account...
    # ...the customer's, behind the same proxy, is not.
    assert _login(Client(), f"{ATTACKER}, {VICTIM}", customer.username, password) == 302


def test_one_address_spraying_many_usernames_is_stopped(behind_one_proxy, settings, password):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
    someone = UserFactory(username="someone")
    sprayed = [_login(Client(), ATTACKER, f"user{n}", "Spring2024!") for n in range(6)]
    assert sprayed == [200] * 6  # wrong, one try per account: axes alone never stops this
    # From that address nothing gets in now, not even a right password...
    assert _login(Client(), ATTACKER, someone.username, password) == 429
    token = APIClient().post(
        "/api/auth/token/",
        {"username": someone.username, "password": password},
        format="json",
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=ATTACKER,
    )
    assert token.status_code == 429 and token.json()["error"]["code"] == "locked_out"
    # ...while everyone else behind the proxy signs in as usual.
    assert _login(Client(), VICTIM, someone.username, password) == 302


def test_password_checks_inside_a_session_are_limited(
    customer_client, customer, password, settings
):
    settings.PASSWORD_CHECK_FAILURE_LIMIT = 3
    change = "/accounts/password/change/"
    new = {"new_password1": "a-New-passphrase-77", "new_password2": "a-New-passphrase-77"}
    wrong = [
        customer_client.post(change, {"old_password": f"guess{n}", **new}).status_code
        for n in range(3)
    ]
    assert wrong == [200, 200, 200]  # the form says "incorrect"
    # The limit is reached: even the right password is refused for now, on both forms.
    refused = customer_client.post(change, {"old_password": password, **new})
    assert refused.status_code == 429 and "Too many wrong passwords" in refused.content.decode()
    deleted = customer_client.post("/accounts/delete/", {"password": password})
    assert deleted.status_code == 429
    customer.refresh_from_db()
    assert customer.check_password(password)  # unchanged, and the account is still there


def test_account_deletion_guesses_are_limited(customer_client, customer, password, settings):
    settings.PASSWORD_CHECK_FAILURE_LIMIT = 2
    statuses = [
        customer_client.post("/accounts/delete/", {"password": f"guess{n}"}).status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]
    customer.refresh_from_db()
