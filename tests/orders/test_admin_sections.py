"""The order admin shows what apps above orders register (OrderAdminSection), without orders'
admin knowing those apps: a column and filter on the list, a section on an order's page."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.utils.html import format_html

from shop.orders import admin as orders_admin
from shop.orders.admin import OrderAdminSection
from shop.orders.models import Order
from shop.risk.factories import PastOrderFactory

pytestmark = pytest.mark.django_db


@admin.display(description="Parcel size", ordering="total")
def parcel_column(order: Order) -> str:
    return f"parcel-of-{order.number}"


@admin.display(description="Parcel")
def parcel_field(order: Order) -> str:
    return format_html("<p class='parcel'>{} weighs a lot</p>", order.number)


@pytest.fixture
def parcel_section(monkeypatch):  # type: ignore[no-untyped-def]
    section = OrderAdminSection(
        title="Parcels",
        field=parcel_field,
        column=parcel_column,
        filters=("shipping_method_name",),
        select_related=("user",),
    )
    monkeypatch.setitem(orders_admin._sections, "parcels", section)
    return section


def test_a_registered_section_adds_a_column_a_filter_and_a_section(
    client, staff_user, parcel_section
):
    order = PastOrderFactory(shipping_method_name="Freight")
    other = PastOrderFactory(shipping_method_name="Letter")
    client.force_login(staff_user)

    listing = client.get("/admin/orders/order/").content.decode()
    assert "Parcel size" in listing and f"parcel-of-{order.number}" in listing
    # The column comes right after the status, as the risk column does.
    assert listing.index("column-status") < listing.index("column-parcel_column")
    assert listing.index("column-parcel_column") < listing.index("column-total")
    filtered = client.get("/admin/orders/order/?shipping_method_name=Freight").content.decode()
    assert order.number in filtered and other.number not in filtered

    page = client.get(f"/admin/orders/order/{order.pk}/change/").content.decode()
    assert ">Parcels</h2>" in page
    assert f"<p class='parcel'>{order.number} weighs a lot</p>" in page
    # Read-only: the page has no input for it.
    assert 'name="parcel_field"' not in page


def test_without_sections_the_order_admin_stands_alone(client, staff_user, monkeypatch):
    monkeypatch.setattr(orders_admin, "_sections", {})
    order = PastOrderFactory()
    client.force_login(staff_user)
    listing = client.get("/admin/orders/order/")
    assert listing.status_code == 200 and order.number in listing.content.decode()
    page = client.get(f"/admin/orders/order/{order.pk}/change/")
    assert page.status_code == 200 and ">Risk</h2>" not in page.content.decode()
    assert client.get("/admin/orders/order/?risk__level=high").status_code != 200
