"""API tokens expire, and end with a password change, a password reset or the account; DELETE
ends one at once (issue 13, finding 4)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = [pytest.mark.hardening, pytest.mark.django_db]

TOKEN_URL = "/api/auth/token/"
NEW_PASSWORD = "Another-Good-passphrase-7"


def _sign_in(customer, password) -> tuple[APIClient, str]:  # type: ignore[no-untyped-def]
    response = APIClient().post(
        TOKEN_URL, {"username": customer.username, "password": password}, format="json"
    )
    assert response.status_code == 200
    key = response.json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/orders/").status_code == 200
    return client, key


def _refused(client: APIClient) -> bool:
    response = client.get("/api/orders/")
    return response.status_code == 401 and response["WWW-Authenticate"] == "Token"


def test_a_token_says_when_it_expires_and_is_refused_after(customer, password, settings):
    settings.API_TOKEN_TTL_HOURS = 2
    before = timezone.now()
    response = APIClient().post(
        TOKEN_URL, {"username": customer.username, "password": password}, format="json"
    )
    expires_at = parse_datetime(response.json()["expires_at"])
    assert expires_at is not None
    assert before + timedelta(hours=2) <= expires_at <= timezone.now() + timedelta(hours=2)
    client, key = _sign_in(customer, password)
    Token.objects.filter(key=key).update(created=timezone.now() - timedelta(hours=2, seconds=1))
    assert _refused(client)
    assert not Token.objects.filter(key=key).exists()
    # Signing in again gives a new one.
    _again, new_key = _sign_in(customer, password)
    assert new_key != key


def test_an_expired_token_is_replaced_at_the_next_sign_in(customer, password, settings):
    settings.API_TOKEN_TTL_HOURS = 1
    _client, key = _sign_in(customer, password)
    Token.objects.filter(key=key).update(created=timezone.now() - timedelta(hours=3))
    _client, new_key = _sign_in(customer, password)
    assert new_key != key


def test_changing_the_password_ends_the_token(customer, password):
    client, _key = _sign_in(customer, password)
    browser = Client()
    browser.force_login(customer)
    changed = browser.post(
        "/accounts/password/change/",
        {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert changed.status_code == 302
    assert _refused(client)


def test_resetting_the_password_ends_the_token(
    customer, password, django_capture_on_commit_callbacks
):
    client, _key = _sign_in(customer, password)
    browser = Client()
    with django_capture_on_commit_callbacks(execute=True):  # the mail goes through the outbox
        browser.post("/accounts/password/reset/", {"email": customer.email})
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", mail.outbox[0].body)
    assert link
    form_url = browser.get(link.group(1), follow=True).redirect_chain[-1][0]
    reset = browser.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert reset.status_code == 302
    assert _refused(client)


def test_deleting_the_account_ends_the_token(customer, password):
    client, key = _sign_in(customer, password)
    browser = Client()
    browser.force_login(customer)
    assert browser.post("/accounts/delete/", {"password": password}).status_code == 302
    assert _refused(client)
    assert not Token.objects.filter(key=key).exists()


def test_delete_ends_the_token(customer, password):
    client, key = _sign_in(customer, password)
    assert client.delete(TOKEN_URL).status_code == 204
    assert _refused(client)
    assert not Token.objects.filter(key=key).exists()


def test_a_password_hash_upgrade_at_sign_in_keeps_the_token(customer, password, settings):
    client, _key = _sign_in(customer, password)
    # A stronger hasher first: the next sign-in re-hashes the password, which is no change.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.ScryptPasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    signed_in = Client().post(
        "/accounts/login/", {"username": customer.username, "password": password}
    )
    assert signed_in.status_code == 302
    customer.refresh_from_db()
    assert customer.password.startswith("scrypt$")
    assert client.get("/api/orders/").status_code == 200
