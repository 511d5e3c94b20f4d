"""Bad input gets a 4xx, never a 500 (issue 13, findings 5 to 7): JSON nested a thousand levels
deep on every JSON endpoint, a NUL byte where an order number goes, a 404 under /admin/."""

from __future__ import annotations

import logging
import re

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from shop.catalogue.factories import ProductFactory

pytestmark = [pytest.mark.hardening, pytest.mark.django_db]

NESTED = "[" * 1000 + "]" * 1000  # about 2 KB


def _operations_with_a_body() -> list[tuple[str, str]]:
    schema = Client().get("/api/schema/", HTTP_ACCEPT="application/json").json()
    return [
        (method.upper(), path)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if isinstance(operation, dict) and "requestBody" in operation
    ]


def test_deeply_nested_json_is_a_400_on_every_json_endpoint(staff_user, caplog):
    product = ProductFactory()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=staff_user).key}")
    operations = _operations_with_a_body()
    assert len(operations) >= 7  # token, cart (2), chat, checkout, review (2)
    caplog.set_level(logging.WARNING)
    for method, path in operations:
        url = re.sub(r"\{[a-z_]+\}", str(product.pk), path)
        response = client.generic(
            method,
            url,
            NESTED,
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="nested-json-probe-0001",
        )
        assert response.status_code == 400, (method, path, response.status_code)
        error = response.json()["error"]
        assert error["code"] == "parse_error" and "nested" in error["message"], (method, path)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


@pytest.mark.parametrize(
    "path", ["/orders/%00/", "/checkout/done/%00/", "/orders/ORD-1%00/cancel/", "/media/%00"]
)
def test_a_nul_byte_in_a_path_is_a_404(customer_client, path):
    assert customer_client.get(path).status_code == 404


def test_a_404_under_admin_for_staff_is_a_404(client, staff_user):
    client.force_login(staff_user)
    response = client.get("/admin/no-such-page/")
    assert response.status_code == 404
    assert client.get("/admin/orders/order/999999/change/", follow=True).status_code == 200
