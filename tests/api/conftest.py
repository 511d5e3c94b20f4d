"""Fixtures of the API tests: clients for a visitor, a token customer and a session customer."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from shop.accounts.factories import UserFactory
from shop.catalogue.factories import CategoryFactory, ProductFactory
from shop.orders.payments.test_gateway import SUCCESS_CARD

ADDRESS = {
    "full_name": "Ada Lovelace",
    "line1": "1 Analytical Street",
    "city": "London",
    "postcode": "N1 1AA",
    "country": "gb",
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
def tree(db):  # type: ignore[no-untyped-def]
    """Electronics > Audio > Headphones, and Garden beside it."""
    electronics = CategoryFactory(name="Electronics", slug="electronics", position=1)
    audio = CategoryFactory(name="Audio", slug="audio", parent=electronics)
    headphones = CategoryFactory(name="Headphones", slug="headphones", parent=audio)
    garden = CategoryFactory(name="Garden", slug="garden", position=2)
    return {"electronics": electronics, "audio": audio, "headphones": headphones, "garden": garden}


@pytest.fixture
def products(tree):  # type: ignore[no-untyped-def]
    return {
        "anc": ProductFactory(
            title="Noise Cancelling Headphones",
            slug="anc-headphones",
            brand="Sonora",
            category=tree["headphones"],
            price=Decimal("199.00"),
            rating_average=Decimal("4.6"),
            rating_count=12,
            popularity=50,
            stock_quantity=5,
        ),
        "speaker": ProductFactory(
            title="Bookshelf Speaker",
            slug="bookshelf-speaker",
            brand="Sonora",
            category=tree["audio"],
            price=Decimal("89.00"),
            rating_average=Decimal("3.9"),
            rating_count=5,
            popularity=80,
            stock_quantity=3,
        ),
        "hose": ProductFactory(
            title="Garden Hose 25m",
            slug="garden-hose",
            brand="Greenline",
            category=tree["garden"],
            price=Decimal("24.50"),
            rating_average=Decimal("2.5"),
            rating_count=3,
            popularity=10,
            stock_quantity=0,
        ),
    }


@pytest.fixture
def product(db):  # type: ignore[no-untyped-def]
    return ProductFactory(title="Desk Lamp", price=Decimal("30.00"), stock_quantity=5)
