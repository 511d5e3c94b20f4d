"""Fixtures of the API tests: clients for a visitor, a token customer and a session customer."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from shop.accounts.factories import UserFactory
from shop.catalogue.factories import ProductFactory
from shop.orders.payments.test_gateway import SUCCESS_CARD

ADDRESS = {
    "full_name": "Ada Lovelace",
    "line1": "1 Analytical Street",
    "city": "Berlin",
    "postcode": "10115",
    "country": "de",
}
CARD = {
    "number": SUCCESS_CARD,
    "expiry_month": 12,
    "expiry_year": 2039,
    "cvc": "123",
    "holder": "Ada Lovelace",
}


def token_client(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def api() -> APIClient:
    """A visitor: no credentials; the session cookie is kept between requests."""
    return APIClient()


@pytest.fixture
def customer_api(customer) -> APIClient:  # type: ignore[no-untyped-def]
    return token_client(customer)


@pytest.fixture
def other_customer(db):  # type: ignore[no-untyped-def]
    return UserFactory(username="other")


@pytest.fixture
def other_api(other_customer) -> APIClient:  # type: ignore[no-untyped-def]
    return token_client(other_customer)


@pytest.fixture
def product(db):  # type: ignore[no-untyped-def]
    return ProductFactory(title="Desk Lamp", price=Decimal("30.00"), stock_quantity=5)
