"""Secrets come only from the environment, and personal data never reaches the logs.

Related checks live elsewhere: production refuses to start without SECRET_KEY and
``check --deploy`` is clean (tests/test_settings.py); login throttling
(tests/accounts/test_flows.py, tests/api/test_auth.py).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client

from shop.accounts.factories import UserFactory
from shop.catalogue.factories import ProductFactory

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "config" / "settings"

SECRET_NAMES = re.compile(r"(SECRET|PASSWORD|TOKEN|API_KEY|PRIVATE)", re.IGNORECASE)
# Any literal that looks like a credential: long random-looking strings or URLs with a password.
LOOKS_SECRET = re.compile(r"[\"'][A-Za-z0-9_\-+/=]{32,}[\"']|://[^/\s:@\"']+:[^@\s\"']+@")


@pytest.mark.parametrize("name", ["production.py", "base.py", "env.py"])
def test_no_secret_looking_literal_in_the_deployed_settings(name):
    text = (SETTINGS / name).read_text()
    for number, line in enumerate(text.splitlines(), 1):
        code = line.split("#", 1)[0]
        found = LOOKS_SECRET.search(code)
        # base.py's embedded one-machine default says plainly that it is not a secret;
        # production.py replaces it with the environment's value.
        if found and not (name == "base.py" and "insecure" in found.group()):
            raise AssertionError(f"{name}:{number}: {line.strip()}")
        if SECRET_NAMES.search(code) and "=" in code and not code.lstrip().startswith("#"):
            target, _, value = code.partition("=")
            if SECRET_NAMES.search(target) and re.search(r"[\"'][^\"']{8,}[\"']", value):
                # A named secret may only be read from the environment, never written inline.
                assert "env" in value, f"{name}:{number}: {line.strip()}"


def test_production_reads_the_secret_key_from_the_environment():
    text = (SETTINGS / "production.py").read_text()
    assert re.search(r"^SECRET_KEY = env_required\(\"SECRET_KEY\"\)$", text, re.MULTILINE)


EMAIL = "ada.private@example.com"
PASSWORD = "Hunter2-very-secret-pass"
CARD = "4000000000000002"
STREET = "17 Cherry Tree Lane"


class _Everything(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def all_logs() -> Iterator[_Everything]:
    handler = _Everything()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


def _rendered(records: list[logging.LogRecord]) -> str:
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    parts = []
    for record in records:
        parts.append(formatter.format(record))
        parts.append(repr(getattr(record, "request", "")))
        parts.append(repr(record.__dict__.get("args")))
    return "\n".join(parts)


@pytest.mark.django_db
def test_failed_login_checkout_and_chat_log_no_personal_data(all_logs):
    UserFactory(username="ada", email=EMAIL)
    client = Client()
    # A failed sign-in (by e-mail) and a throttled one.
    for _ in range(6):
        client.post("/accounts/login/", {"username": EMAIL, "password": PASSWORD})
    token = Client().post(
        "/api/auth/token/",
        {"username": EMAIL, "password": PASSWORD},
        content_type="application/json",
    )
    assert token.status_code in (401, 403, 429)

    customer = UserFactory(email="buyer.private@example.com")
    shopper = Client()
    shopper.force_login(customer)
    product = ProductFactory(stock_quantity=3)
    shopper.post(f"/cart/add/{product.pk}/", {"quantity": "1"})
    shopper.post(
        "/checkout/",
        {
            "full_name": "Ada",
            "line1": STREET,
            "city": "Berlin",
            "postcode": "10115",
            "country": "de",
        },
    )
    shopper.post("/checkout/shipping/", {"method": "standard"})
    # A declined card, then the gateway error card through the API.
    shopper.post(
        "/checkout/payment/", {"holder": "Ada", "number": CARD, "expiry": "12/39", "cvc": "123"}
    )
    shopper.post(
        "/api/checkout/",
        {
            "shipping_method": "standard",
            "address": {
                "full_name": "Ada",
                "line1": STREET,
                "city": "Berlin",
                "postcode": "10115",
                "country": "DE",
            },
            "card": {
                "number": "4000000000000119",
                "expiry_month": 12,
                "expiry_year": 2039,
                "cvc": "123",
                "holder": "Ada",
            },
        },
        content_type="application/json",
        headers={"Idempotency-Key": "logs-test-key-0001"},
    )
    # The assistant hears personal data, and an error path (a bad conversation id).
    for message in (
        f"my email is {EMAIL} and I live at {STREET}, card {CARD}, talk to a human",
        f"password {PASSWORD}",
    ):
        shopper.post("/api/chat/", {"message": message}, content_type="application/json")
    shopper.post(
        "/api/chat/", {"message": EMAIL, "conversation": 999999}, content_type="application/json"
    )

    assert all_logs.records, "expected the flows above to log something (e.g. 4xx warnings)"
    text = _rendered(all_logs.records)
    for secret in (EMAIL, PASSWORD, CARD, "4000000000000119", STREET, "buyer.private@"):
        assert secret not in text, secret
