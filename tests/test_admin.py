"""Every model registered in admin has a working list and add page for staff."""

from __future__ import annotations

from decimal import Decimal

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


def test_staff_can_edit_a_variants_stock_from_the_list_and_the_product_follows(client, staff_user):
    product = ProductFactory(stock_quantity=3)
    variant = product.variants.get()
    client.force_login(staff_user)
    url = reverse("admin:catalogue_productvariant_changelist")
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(variant.pk),
        "form-0-price": "17.50",
        "form-0-stock_quantity": "42",
        "form-0-is_active": "on",
        "_save": "Save",
    }
    assert client.post(url, data).status_code == 302
    variant.refresh_from_db()
    product.refresh_from_db()
    assert (variant.stock_quantity, variant.price) == (42, Decimal("17.50"))
    assert (product.stock_quantity, product.price) == (42, Decimal("17.50"))


def test_a_variants_options_must_fit_its_type(client, staff_user):
    from shop.catalogue.factories import sized_product
    from shop.catalogue.models import AttributeValue

    product = sized_product(colours=("Camel",), sizes=("M", "L"))
    medium = product.variants.get(name="Camel / M")
    large = AttributeValue.objects.get(attribute__slug="size", slug="l")
    option = medium.option_values.get(value__attribute__slug="size")
    client.force_login(staff_user)
    url = reverse("admin:catalogue_productvariant_change", args=[medium.pk])
    other = medium.option_values.get(value__attribute__slug="colour")
    data = {
        "product": product.pk,
        "sku": medium.sku,
        "price": "94.99",
        "stock_quantity": "3",
        "is_active": "on",
        "position": "0",
        "option_values-TOTAL_FORMS": "2",
        "option_values-INITIAL_FORMS": "2",
        "option_values-0-id": str(other.pk),
        "option_values-0-variant": str(medium.pk),
        "option_values-0-value": str(other.value_id),
        "option_values-1-id": str(option.pk),
        "option_values-1-variant": str(medium.pk),
        "option_values-1-value": str(large.pk),
    }
    response = client.post(url, data)
    assert response.status_code == 200  # refused: Camel / L exists already
    assert "already has these options" in response.content.decode()


def test_admin_is_for_staff_only(customer_client):
    response = customer_client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
