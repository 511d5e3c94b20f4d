"""Deploy checks: a production shop must not take payments through the test gateway."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register

from .payments import TEST_GATEWAY


@register(Tags.security, deploy=True)
def test_gateway_in_production(app_configs: Any, **kwargs: Any) -> list[Error]:
    if settings.PAYMENT_BACKEND != TEST_GATEWAY or settings.PAYMENT_ALLOW_TEST_GATEWAY:
        return []
    return [
        Error(
            "PAYMENT_BACKEND is the test gateway, which accepts the test cards and moves no money.",
            hint="Set PAYMENT_BACKEND to your gateway's class (see README, 'Payments'), or "
            "PAYMENT_ALLOW_TEST_GATEWAY=true for a staging shop that must take test cards.",
            id="orders.E001",
        )
    ]
