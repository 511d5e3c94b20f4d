"""Partial refunds per line give back the line's share of what was paid, discount prorated."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shop.orders import pricing
from shop.orders.errors import OrderTransitionError
from shop.orders.models import OrderStatus, PaymentTransaction
from shop.orders.services import ShippingAddress, order_transition
from shop.orders.services.refunds import PENDING_PREFIX, order_line_refund
from tests.customer_service.helpers import place_order

pytestmark = pytest.mark.django_db
D = Decimal
ADDRESS = ShippingAddress(full_name="A", line1="B", city="C", postcode="10115", country="DE")


def test_the_cumulative_proration_adds_up_to_what_was_paid():
    # 10.00 paid for 3 units: 3.33, 3.34, 3.33 (cumulative 3.33, 6.67, 10.00)
    parts = [pricing.prorated_refund(D("10.00"), 3, already=i, units=1) for i in range(3)]
    assert parts == [D("3.33"), D("3.34"), D("3.33")] and sum(parts) == D("10.00")
    with pytest.raises(ValueError):
        pricing.prorated_refund(D("10.00"), 3, already=2, units=2)


def test_refunding_some_units_of_a_discounted_line_prorates_its_discount(
    order, django_capture_on_commit_callbacks
):
    line = order.lines.get()
    with django_capture_on_commit_callbacks(execute=True):
        first = order_line_refund(order=order, line_id=line.pk, quantity=1)
        rest = order_line_refund(order=order, line_id=line.pk, quantity=2)
    assert (first, rest) == (D("16.67"), D("33.33"))  # of 50.00 paid, not of 60.00
    line.refresh_from_db()
    assert (line.refunded_quantity, line.refunded_amount) == (3, D("50.00"))
    refunds = PaymentTransaction.objects.filter(order=order, kind="refund")
    assert sorted(r.amount for r in refunds) == [D("16.67"), D("33.33")]
    assert not any(r.reference.startswith(PENDING_PREFIX) for r in refunds)
    variant = line.variant
    variant.refresh_from_db()
    assert variant.stock_quantity == 10  # the units came back (the order had not shipped)
    with pytest.raises(OrderTransitionError, match="between 1 and 0"):
        order_line_refund(order=order, line_id=line.pk, quantity=1)


def test_a_full_refund_after_a_partial_one_gives_back_only_what_is_left(
    order, django_capture_on_commit_callbacks
):
    line = order.lines.get()
    with django_capture_on_commit_callbacks(execute=True):
        order_line_refund(order=order, line_id=line.pk, quantity=1)
        order_transition(order=order, to_status=OrderStatus.REFUNDED)
    refunds = PaymentTransaction.objects.filter(order=order, kind="refund")
    assert sum(r.amount for r in refunds) == order.total
    variant = line.variant
    variant.refresh_from_db()
    assert variant.stock_quantity == 10  # restocked once, not the refunded unit twice


def test_an_order_not_paid_cannot_be_refunded_by_line(customer):
    placed, _product = place_order(customer, stock=10, key="p")
    order_transition(order=placed, to_status=OrderStatus.CANCELLED)
    with pytest.raises(OrderTransitionError, match="Only a paid order"):
        order_line_refund(order=placed, line_id=placed.lines.get().pk, quantity=1)
