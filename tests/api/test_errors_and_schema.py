"""The one error shape, input the API must survive, and the schema and its docs page."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

pytestmark = pytest.mark.django_db

ERROR_KEYS = {"status", "code", "message"}


def assert_error(response, status: int, code: str | None = None) -> dict:  # type: ignore[no-untyped-def, type-arg]
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert ERROR_KEYS <= set(error) <= ERROR_KEYS | {"fields"}
    assert error["status"] == status
    if code is not None:
        assert error["code"] == code
    return dict(error)


@pytest.mark.parametrize("path", ["/api/nope/", "/api/products", "/api/", "/api/%0A/"])
def test_unknown_api_paths_are_json_404s(api, path):
    assert_error(api.get(path), 404, "not_found")
    assert_error(api.post(path, {}, format="json"), 404, "not_found")


def test_unknown_path_is_a_404_even_with_a_session_and_no_csrf_token(customer):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(customer)
    assert_error(client.put("/api/cart/items/x/", {}, format="json"), 404)


def test_malformed_json_is_a_400(customer_api):
    response = customer_api.post(
        "/api/cart/items/", '{"product_id": ', content_type="application/json"
    )
    assert_error(response, 400, "parse_error")


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
)
def test_bodies_that_are_not_json_are_a_415(customer_api, content_type):
    response = customer_api.generic(
        "POST", "/api/cart/items/", "product_id=1", content_type=content_type
    )
    assert_error(response, 415, "unsupported_media_type")


def test_only_json_is_offered(api, db):
    assert_error(api.get("/api/products/", HTTP_ACCEPT="text/html"), 406, "not_acceptable")


def test_wrong_method_is_a_405(api, db):
    response = api.delete("/api/products/")
    assert_error(response, 405, "method_not_allowed")
    assert response["Allow"]


def test_validation_error_has_field_messages(customer_api, db):
    error = assert_error(
        customer_api.post("/api/cart/items/", {"quantity": 0}, format="json"), 400, "invalid"
    )
    assert error["fields"] == {"quantity": ["Ensure this value is greater than or equal to 1."]}
    error = assert_error(customer_api.post("/api/cart/items/", {}, format="json"), 400, "invalid")
    assert set(error["fields"]) == {"variant_id", "product_id"}


def test_anonymous_and_signed_in_clients_are_throttled(api, customer_api, monkeypatch):
    rates = {**SimpleRateThrottle.THROTTLE_RATES, "anon": "2/minute", "user": "3/minute"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
    assert [api.get("/api/categories/").status_code for _ in range(3)] == [200, 200, 429]
    error = assert_error(api.get("/api/cart/"), 429, "throttled")
    assert "available in" in error["message"]
    assert [customer_api.get("/api/orders/").status_code for _ in range(4)] == [200] * 3 + [429]


# --- Schema and docs -------------------------------------------------------------------------


@pytest.fixture
def schema(api, db) -> dict:  # type: ignore[type-arg]
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return dict(response.json())


def test_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)  # raises on anything the OpenAPI 3 JSON schema does not allow


def test_schema_documents_the_endpoints(schema):
    paths = set(schema["paths"])
    for path in (
        "/api/auth/token/",
        "/api/categories/",
        "/api/categories/tree/",
        "/api/categories/{slug}/",
        "/api/products/",
        "/api/products/{product_id}/",
        "/api/products/slug/{slug}/",
        "/api/products/{product_id}/reviews/",
        "/api/products/{product_id}/review/",
        "/api/cart/",
        "/api/cart/items/",
        "/api/cart/items/{variant_id}/",
        "/api/product-types/",
        "/api/shipping/zones/",
        "/api/shipping/countries/{country}/",
        "/api/checkout/",
        "/api/orders/",
        "/api/orders/{number}/",
        "/api/orders/{number}/cancel/",
    ):
        assert path in paths


def test_every_operation_documents_its_errors(schema):
    methods = {"get", "post", "put", "patch", "delete"}
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method not in methods:
                continue
            codes = set(operation["responses"])
            assert {"401", "406", "429"} <= codes, (method, path)
            if "requestBody" in operation:
                assert {"400", "415"} <= codes, (method, path)
            if "{" in path:
                assert "404" in codes, (method, path)
            for code, response in operation["responses"].items():
                if code.startswith(("4", "5")):
                    ref = response["content"]["application/json"]["schema"]["$ref"]
                    assert ref == "#/components/schemas/Error", (method, path, code)


def test_checkout_documents_the_idempotency_key_and_payment_errors(schema):
    operation = schema["paths"]["/api/checkout/"]["post"]
    header = next(p for p in operation["parameters"] if p["name"] == "Idempotency-Key")
    assert header["in"] == "header" and header["required"] is True
    assert {"200", "201", "402", "409", "503"} <= set(operation["responses"])


def test_docs_page_serves_its_assets_locally(db):
    client = Client()
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "swagger" in html.lower()
    assert not re.search(r"https?://(?!testserver)", html), "the docs page loads from elsewhere"
    assets = re.findall(r"""(?:src|href)=["']([^"']+\.(?:js|css|png))""", html)
    assert any("swagger-ui-bundle" in asset for asset in assets)
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200, asset
        b"".join(response.streaming_content if response.streaming else [response.content])
