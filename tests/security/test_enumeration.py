"""Sign-up and password reset do not tell who is a customer (issue 13, finding 10): the same
answer and the same work in the request whether the address has an account or not; what
differs is only the e-mail, sent later through the outbox."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from shop.accounts.factories import UserFactory
from shop.core.models import OutboxMessage

pytestmark = [pytest.mark.hardening, pytest.mark.django_db]

PASSWORD = "a-Strong-passphrase-42"
KNOWN = "known@example.com"
UNKNOWN = "unknown@example.com"


@pytest.fixture
def deferred_outbox(settings: Any) -> None:
    """As in production: the request only writes the message; a worker sends it later."""
    settings.OUTBOX_DELIVER_ON_COMMIT = False


@pytest.fixture
def hashes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every password hashed from now on (the test settings' hasher, counted)."""
    hashed: list[str] = []
    encode = MD5PasswordHasher.encode

    def counted(self: Any, password: str, salt: str) -> str:
        hashed.append(salt)
        return encode(self, password, salt)

    monkeypatch.setattr(MD5PasswordHasher, "encode", counted)
    return hashed


def _deliver_all() -> None:
    from shop.core.outbox import outbox_deliver

    for message_id in OutboxMessage.objects.values_list("pk", flat=True):
        outbox_deliver(message_id=str(message_id))


def _signup(email: str, username: str, hashes: list[str]) -> tuple[str, int, int]:
    hashes.clear()
    with CaptureQueriesContext(connection) as queries:
        response = Client().post(
            "/accounts/signup/",
            {"username": username, "email": email, "password1": PASSWORD, "password2": PASSWORD},
        )
    assert response.status_code == 200
    # CSRF tokens (the chat's, the cookie banner's form) are masked afresh in every response.
    page = re.sub(
        r'data-csrf="[^"]+"|name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode()
    ).replace(email, "EMAIL")
    return page, len(queries), len(hashes)


def test_signup_answers_the_same_for_a_customers_address(deferred_outbox, hashes):
    owner = UserFactory(email=KNOWN)
    known_page, known_queries, known_hashes = _signup(KNOWN, "someone", hashes)
    unknown_page, unknown_queries, unknown_hashes = _signup(UNKNOWN, "someone-else", hashes)
    assert known_page == unknown_page and "already" not in known_page
    assert known_hashes == unknown_hashes == 1  # the password is hashed either way
    assert abs(known_queries - unknown_queries) <= 2, (known_queries, unknown_queries)
    assert mail.outbox == []  # nothing is sent from the request
    assert OutboxMessage.objects.filter(kind="accounts.signup").count() == 2
    _deliver_all()
    by_address = {message.to[0]: message for message in mail.outbox}
    assert "already has an account" in by_address[KNOWN].body
    assert "/accounts/signup/confirm/" in by_address[UNKNOWN].body
    owner.refresh_from_db()
    assert owner.username != "someone"  # the owner's account is untouched


def test_password_reset_does_the_same_work_for_any_address(deferred_outbox):
    UserFactory(email=KNOWN)
    answers = []
    for email in (KNOWN, UNKNOWN):
        with CaptureQueriesContext(connection) as queries:
            response = Client().post("/accounts/password/reset/", {"email": email})
        answers.append(
            (response.status_code, response["Location"], [q["sql"][:30] for q in queries])
        )
    assert answers[0] == answers[1]
    assert mail.outbox == []
    assert OutboxMessage.objects.filter(kind="accounts.password_reset").count() == 2
    _deliver_all()
    assert [message.to for message in mail.outbox] == [[KNOWN]]
    assert mail.outbox[0].extra_headers["Message-ID"].startswith("<")
