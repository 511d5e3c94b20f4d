"""Browser policies (issue 13, finding 11): a Content-Security-Policy with no inline script and a
Permissions-Policy on every page; personal pages and the API's orders kept out of caches; API
answers vary on the token. The admin and the API docs still work under the policy in Chromium."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from shop.catalogue.factories import ProductFactory
from tests.api.conftest import token_client
from tests.security.helpers import paid_order

pytestmark = [pytest.mark.hardening]

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


def _directives(response: Any) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


def _no_inline_script(response: Any) -> None:
    """Every <script> loads a file, or carries this response's nonce; JSON-LD data blocks (the
    product's structured data) are data the browser never runs, so CSP does not apply."""
    policy = _directives(response)
    nonces = {value for value in policy["script-src"] if value.startswith("'nonce-")}
    for attributes in SCRIPT_TAG.findall(response.content.decode()):
        if attributes.strip() == 'type="application/ld+json"':
            continue
        nonce = re.search(r'nonce="([^"]+)"', attributes)
        assert "src=" in attributes or (nonce and f"'nonce-{nonce.group(1)}'" in nonces), attributes


@pytest.mark.django_db
def test_every_kind_of_page_has_the_policies_and_no_inline_script(client, staff_user):
    product = ProductFactory(price=Decimal("12.00"))
    client.force_login(staff_user)
    pages = [
        "/",
        product.get_absolute_url(),
        "/cart/",
        "/accounts/profile/",
        "/admin/",
        "/admin/catalogue/product/",
        f"/admin/catalogue/product/{product.pk}/change/",
        "/api/docs/",
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        policy = _directives(response)
        assert policy["default-src"] == ["'self'"], path
        assert "'unsafe-inline'" not in policy["script-src"], path
        assert "'unsafe-eval'" not in policy["script-src"], path
        assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
        assert "camera=()" in response["Permissions-Policy"], path
        _no_inline_script(response)


@pytest.mark.django_db
def test_personal_pages_and_the_orders_api_are_not_cached(client, customer):
    client.force_login(customer)
    order = paid_order(customer)
    for path in ["/accounts/profile/", "/orders/", f"/orders/{order.number}/", "/cart/"]:
        cache_control = client.get(path)["Cache-Control"]
        assert "private" in cache_control and "no-store" in cache_control, path
    # A visitor's own cart too.
    assert "no-store" in Client().get("/cart/")["Cache-Control"]
    api = token_client(customer)
    for path in ["/api/orders/", f"/api/orders/{order.number}/", "/api/cart/"]:
        response = api.get(path)
        assert response.status_code == 200, path
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_api_answers_vary_on_the_token(customer):
    for client in (Client(), token_client(customer)):
        for path in ["/api/products/", "/api/orders/", "/api/no-such-endpoint/"]:
            vary = [part.strip() for part in client.get(path)["Vary"].split(",")]
            assert "Authorization" in vary, path


CSP_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
    e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_admin_and_the_api_docs_work_under_the_policy(
    browser, live_server, staff_user, password
):
    context: Any = browser.new_context()  # type: ignore[attr-defined]
    context.add_init_script(CSP_VIOLATIONS)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", staff_user.username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/catalogue/product/add/")
    # The admin's own JavaScript runs: the related-object "+" links and the date shortcuts.
    page.wait_for_selector("#add_id_category")
    assert page.evaluate("window.__csp") == [], console
    page.goto(f"{live_server.url}/api/docs/")
    # Swagger UI renders the operations from the schema.
    page.wait_for_selector(".opblock", timeout=15000)
    assert page.locator(".opblock").count() > 10
    assert page.evaluate("window.__csp") == [], console
    context.close()
