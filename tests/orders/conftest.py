from __future__ import annotations

import pytest

from shop.accounts.factories import AddressFactory
from shop.orders.payments.test_gateway import DECLINED_CARD, GATEWAY_ERROR_CARD, SUCCESS_CARD
from shop.orders.services import ShippingAddress

__all__ = ["DECLINED_CARD", "GATEWAY_ERROR_CARD", "SUCCESS_CARD"]


@pytest.fixture
def shipping_address() -> ShippingAddress:
    return ShippingAddress(
        full_name="Ada Lovelace",
        line1="1 Analytical St",
        city="Berlin",
        postcode="10115",
        country="DE",
    )


@pytest.fixture
def saved_address(customer):
    return AddressFactory(user=customer, is_default=True)


def checkout(
    client, *, card: str = SUCCESS_CARD, method: str = "standard", email: str = "", country="de"
):
    """Walk the checkout pages as a customer would (a guest with ``email``); returns the
    review page response."""
    address = client.post(
        "/checkout/",
        {
            "full_name": "Ada Lovelace",
            "line1": "1 Analytical St",
            "city": "Berlin",
            "postcode": "10115",
            "country": country,
            **({"email": email} if email else {}),
        },
    )
    assert address.status_code == 302, address.content
    assert client.post("/checkout/shipping/", {"method": method}).status_code == 302
    payment = client.post(
        "/checkout/payment/",
        {"holder": "Ada Lovelace", "number": card, "expiry": "12/39", "cvc": "123"},
    )
    assert payment.status_code == 302, payment.content
    return client.get("/checkout/review/")
