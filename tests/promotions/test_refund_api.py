"""Staff refund some units of a line through the API, with the line's discount prorated, only
with the permission to change orders (``order``: 3 x 20.00 with 10.00 off, in conftest)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission

from shop.accounts.factories import UserFactory
from shop.orders.models import PaymentTransaction

pytestmark = pytest.mark.django_db
D = Decimal


def url(order, line_id):  # type: ignore[no-untyped-def]
    return f"/api/staff/orders/{order.number}/lines/{line_id}/refund/"


def test_staff_refund_one_unit_of_a_discounted_line(
    client,
    staff_user,
    order,
    django_capture_on_commit_callbacks,
):
    client.force_login(staff_user)
    line = order.lines.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(order, line.pk), {"quantity": 1}, content_type="application/json"
        )
    assert response.status_code == 200, response.content
    assert response.json() == {
        "order": order.number,
        "line": line.pk,
        "amount": "16.67",  # a third of the 50.00 paid, not of 60.00
        "refunded_quantity": 1,
        "refunded_amount": "16.67",
    }
    refund = PaymentTransaction.objects.get(order=order, kind=PaymentTransaction.Kind.REFUND)
    assert refund.amount == D("16.67")
    too_many = client.post(url(order, line.pk), {"quantity": 3}, content_type="application/json")
    assert too_many.status_code == 409


def test_without_the_permission_to_change_orders_nothing_is_refunded(client, order):
    clerk = UserFactory(is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_order"))
    client.force_login(clerk)
    line = order.lines.get()
    response = client.post(url(order, line.pk), {"quantity": 1}, content_type="application/json")
    assert response.status_code == 403
    line.refresh_from_db()
    assert line.refunded_quantity == 0
    assert not PaymentTransaction.objects.filter(kind=PaymentTransaction.Kind.REFUND).exists()


def test_a_line_of_another_order_is_not_found(client, staff_user, order, customer):
    client.force_login(staff_user)
    response = client.post(url(order, 999999), {"quantity": 1}, content_type="application/json")
    assert response.status_code == 404
