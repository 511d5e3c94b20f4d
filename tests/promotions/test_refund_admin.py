"""Staff refund some units of an order's lines from admin's "Refund lines" action, through
orders' refund service, only with the permission to change orders (``order``: 3 x 20.00
with 10.00 off, in conftest)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission

from shop.accounts.factories import UserFactory
from shop.orders.models import PaymentTransaction

pytestmark = pytest.mark.django_db
D = Decimal
CHANGELIST = "/admin/orders/order/"


def run(client, order, **extra):  # type: ignore[no-untyped-def]
    data = {"action": "refund_lines", "_selected_action": [order.pk], **extra}
    return client.post(CHANGELIST, data, follow=True)


def test_the_action_asks_how_many_then_refunds_with_the_discount_prorated(
    client, staff_user, order, django_capture_on_commit_callbacks
):
    client.force_login(staff_user)
    line = order.lines.get()
    page = run(client, order)
    assert page.status_code == 200
    assert f'name="line-{line.pk}"' in page.content.decode() and 'max="3"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = run(client, order, refund="1", **{f"line-{line.pk}": "2"})
    assert "1 line(s) refunded." in [str(m) for m in done.context["messages"]]
    line.refresh_from_db()
    assert (line.refunded_quantity, line.refunded_amount) == (2, D("33.33"))
    refund = PaymentTransaction.objects.get(order=order, kind=PaymentTransaction.Kind.REFUND)
    assert refund.amount == D("33.33")
    # Too many units: refused with the service's reason, nothing more refunded.
    refused = run(client, order, refund="1", **{f"line-{line.pk}": "2"})
    assert any("Choose between 1 and 1 units" in str(m) for m in refused.context["messages"])
    line.refresh_from_db()
    assert line.refunded_quantity == 2


def test_staff_who_may_only_view_orders_are_not_offered_it(client, order):
    clerk = UserFactory(is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_order"))
    client.force_login(clerk)
    assert "refund_lines" not in client.get(CHANGELIST).content.decode()
    line = order.lines.get()
    run(client, order, refund="1", **{f"line-{line.pk}": "1"})
    line.refresh_from_db()
    assert line.refunded_quantity == 0
    assert not PaymentTransaction.objects.filter(kind=PaymentTransaction.Kind.REFUND).exists()
