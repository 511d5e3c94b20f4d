"""Every model registered in admin has a working list and add page for staff."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from shop.catalogue.factories import ProductFactory

pytestmark = pytest.mark.django_db


def registered_models():
    return [(model._meta.app_label, model._meta.model_name) for model in admin.site._registry]


@pytest.mark.parametrize(("app_label", "model_name"), registered_models())
def test_admin_changelist_and_add_pages_load(client, staff_user, app_label, model_name):
    ProductFactory()
    client.force_login(staff_user)
    changelist = reverse(f"admin:{app_label}_{model_name}_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(changelist, {"q": "<script>"}).status_code == 200
    add = reverse(f"admin:{app_label}_{model_name}_add")
    assert client.get(add).status_code in (200, 403)


def test_product_change_page_shows_image_preview(client, staff_user):
    product = ProductFactory()
    client.force_login(staff_user)
    response = client.get(reverse("admin:catalogue_product_change", args=[product.pk]))
    assert response.status_code == 200
    assert "placeholder.svg" in response.content.decode()


def test_staff_can_edit_stock_from_the_list(client, staff_user):
    product = ProductFactory(stock_quantity=3)
    client.force_login(staff_user)
    url = reverse("admin:catalogue_product_changelist")
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(product.pk),
        "form-0-price": "19.99",
        "form-0-stock_quantity": "42",
        "form-0-is_active": "on",
        "_save": "Save",
    }
    assert client.post(url, data).status_code == 302
    product.refresh_from_db()
    assert product.stock_quantity == 42


def test_admin_is_for_staff_only(customer_client):
    response = customer_client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
