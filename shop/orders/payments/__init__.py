"""Payment gateways behind one small interface, chosen by the PAYMENT_BACKEND setting."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from .base import (
    CardDetails,
    GatewayPayment,
    IdempotencyConflict,
    PaymentBackend,
    PaymentDeclined,
    PaymentError,
    PaymentGatewayError,
    PaymentMethod,
    PaymentStateError,
)

__all__ = [
    "TEST_GATEWAY",
    "CardDetails",
    "GatewayPayment",
    "IdempotencyConflict",
    "PaymentBackend",
    "PaymentDeclined",
    "PaymentError",
    "PaymentGatewayError",
    "PaymentMethod",
    "PaymentStateError",
    "get_payment_backend",
]

TEST_GATEWAY = "shop.orders.payments.test_gateway.TestGateway"


@cache
def _load(path: str) -> PaymentBackend:
    backend: PaymentBackend = import_string(path)()
    return backend


def get_payment_backend() -> PaymentBackend:
    return _load(settings.PAYMENT_BACKEND)
