from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from shop.accounts.factories import AddressFactory
from shop.accounts.models import Address, User

pytestmark = pytest.mark.django_db

STRONG = "a-Strong-passphrase-42"


def signup(client, **overrides):
    data = {
        "username": "newbie",
        "email": "newbie@example.com",
        "password1": STRONG,
        "password2": STRONG,
        **overrides,
    }
    return client.post("/accounts/signup/", data)


def _confirmation_path() -> str:
    body = str(mail.outbox[-1].body)
    link = re.search(r"https?://[^/]+(/accounts/signup/confirm/\S+/)", body)
    assert link, body
    return link.group(1)


def test_signup_mails_a_link_that_creates_the_account_and_signs_in(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = signup(client)
    assert response.status_code == 200 and "Check your email" in response.content.decode()
    assert not User.objects.filter(username="newbie").exists()  # not before the address is proven
    assert mail.outbox[0].to == ["newbie@example.com"]
    path = _confirmation_path()
    assert client.get(path).status_code == 200  # a button: mail scanners do not use the link up
    response = client.post(path)
    assert response.status_code == 302
    user = User.objects.get(username="newbie")
    assert user.check_password(STRONG) and user.email == "newbie@example.com"
    assert client.get("/accounts/profile/").status_code == 200
    # The link is used up.
    assert Client().post(path).status_code == 400


def test_signing_up_again_replaces_the_waiting_sign_up(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        signup(client)
    first = _confirmation_path()
    with django_capture_on_commit_callbacks(execute=True):
        signup(client, username="newbie2")
    assert Client().post(first).status_code == 400  # the earlier link no longer works
    assert Client().post(_confirmation_path()).status_code == 302
    assert User.objects.get(email="newbie@example.com").username == "newbie2"


def test_signup_rejects_a_weak_password(client):
    response = signup(client, password1="12345678", password2="12345678")
    assert response.status_code == 200
    assert "too common" in response.content.decode()
    assert mail.outbox == []


def test_login_with_username_or_email_and_logout(client, customer, password):
    response = client.post(
        "/accounts/login/", {"username": customer.username, "password": password}
    )
    assert response.status_code == 302
    client.post("/accounts/logout/")
    response = client.post(
        "/accounts/login/", {"username": customer.email.upper(), "password": password}
    )
    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/accounts/profile/").status_code == 302


def test_login_next_must_stay_on_site(client, customer, password):
    response = client.post(
        "/accounts/login/",
        {"username": customer.username, "password": password, "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert "evil" not in response["Location"]


def test_login_attempts_are_throttled(client, customer, password):
    for _ in range(4):
        response = client.post("/accounts/login/", {"username": customer.username, "password": "x"})
        assert response.status_code == 200
    # The fifth failure locks the account out from this address for the cool-off period...
    response = client.post("/accounts/login/", {"username": customer.username, "password": "x"})
    assert response.status_code == 429
    # ...so even the right password is refused.
    response = client.post(
        "/accounts/login/", {"username": customer.username, "password": password}
    )
    assert response.status_code == 429
    assert "Too many failed" in response.content.decode()


def test_password_reset_by_email(client, customer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the mail goes through the outbox
        response = client.post("/accounts/password/reset/", {"email": customer.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", mail.outbox[0].body)
    assert link
    response = client.get(link.group(1), follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    new = "Another-Good-passphrase-7"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.check_password(new)


def test_password_reset_for_unknown_email_says_the_same(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_password_change(customer_client, customer, password):
    new = "Changed-passphrase-99"
    response = customer_client.post(
        "/accounts/password/change/",
        {"old_password": password, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.check_password(new)


def test_address_book(customer_client, customer):
    data = {
        "full_name": "Grace Hopper",
        "line1": "1 Compiler Way",
        "city": "Arlington",
        "postcode": "22201",
        "country": "us",
    }
    assert customer_client.post("/accounts/addresses/new/", data).status_code == 302
    first = Address.objects.get(user=customer)
    assert first.is_default and first.country == "US"
    customer_client.post(
        "/accounts/addresses/new/", {**data, "line1": "2 Loop Road", "make_default": "on"}
    )
    assert Address.objects.get(user=customer, is_default=True).line1 == "2 Loop Road"
    second = Address.objects.get(line1="2 Loop Road")
    customer_client.post(f"/accounts/addresses/{second.pk}/delete/")
    first.refresh_from_db()
    assert first.is_default


def test_address_form_reports_bad_country(customer_client):
    response = customer_client.post(
        "/accounts/addresses/new/",
        {"full_name": "X", "line1": "Y", "city": "Z", "postcode": "1", "country": "Germany"},
    )
    assert response.status_code == 200
    assert "two-letter country code" in response.content.decode()


def test_customers_cannot_touch_each_others_addresses(customer_client):
    other = AddressFactory()
    assert customer_client.get(f"/accounts/addresses/{other.pk}/").status_code == 404
    assert customer_client.post(f"/accounts/addresses/{other.pk}/delete/").status_code == 404
    assert Address.objects.filter(pk=other.pk).exists()
    assert other.full_name not in customer_client.get("/accounts/profile/").content.decode()


def test_profile_requires_login(client, db):
    response = client.get("/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
