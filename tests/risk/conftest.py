from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import numpy as np
import pytest
from django.utils import timezone

from benchmarks.synthetic.risk_rows import normal_orders
from shop.accounts.factories import AddressFactory, UserFactory
from shop.risk.engine.model import RiskModel, train
from shop.risk.factories import PastOrderFactory
from shop.risk.services import risk_model_train

HOME = {"full_name": "Ada Lovelace", "line1": "1 Analytical St", "city": "London"}
HOME_POSTCODE, HOME_COUNTRY = "N1 1AA", "GB"


@pytest.fixture(scope="module")
def history() -> np.ndarray:
    """1,500 synthetic feature rows of ordinary orders, for the engine's tests."""
    return normal_orders(1500, seed=11)


@pytest.fixture(scope="module")
def trained(history: np.ndarray) -> RiskModel:
    return train(history, np.zeros(len(history), dtype=np.int8), seed=3)


@pytest.fixture
def shop_history(db):  # type: ignore[no-untyped-def]
    """Twelve regular customers with five orders each over the last year, and a trained model."""
    now = timezone.now()
    for c in range(12):
        user = UserFactory(date_joined=now - timedelta(days=300 + c))
        address = AddressFactory(user=user, line1=f"{c} Regular Road", postcode=f"E{c} 2AB")
        for k in range(5):
            PastOrderFactory(
                user=user,
                subtotal=Decimal(40 + (c * 7 + k * 13) % 45),
                ship_line1=address.line1,
                ship_postcode=address.postcode,
                created_at=now - timedelta(days=250 - 40 * k - c),
            )
    return risk_model_train(seed=1)


@pytest.fixture
def regular(db):  # type: ignore[no-untyped-def]
    """A customer of long standing who always ships home."""
    now = timezone.now()
    user = UserFactory(date_joined=now - timedelta(days=400))
    AddressFactory(user=user, line1=HOME["line1"], postcode=HOME_POSTCODE, country=HOME_COUNTRY)
    for k, total in enumerate(("58.00", "72.00", "61.00", "66.00")):
        PastOrderFactory(
            user=user,
            subtotal=Decimal(total),
            ship_line1=HOME["line1"],
            ship_postcode=HOME_POSTCODE,
            created_at=now - timedelta(days=300 - 60 * k),
        )
    return user


def checkout(client, *, card: str, address: dict[str, str]):  # type: ignore[no-untyped-def]
    """Walk the checkout pages; returns the review page."""
    response = client.post("/checkout/", address)
    assert response.status_code == 302, response.content
    assert client.post("/checkout/shipping/", {"method": "standard"}).status_code == 302
    payment = client.post(
        "/checkout/payment/",
        {"holder": "Ada Lovelace", "number": card, "expiry": "12/39", "cvc": "123"},
    )
    assert payment.status_code == 302, payment.content
    return client.get("/checkout/review/")


def place(client, review):  # type: ignore[no-untyped-def]
    return client.post("/checkout/review/", {"idempotency_key": review.context["idempotency_key"]})
