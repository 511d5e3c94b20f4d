"""Factories for the segments' tests: orders as the segments see them (no lines needed, only
who, when, how much and in what status), and ready-made assignments."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from shop.accounts.factories import UserFactory
from shop.orders.models import Order, OrderStatus

from .models import CustomerSegment, Segment, SegmentRun


class OrderFactory(DjangoModelFactory):
    """A paid order placed ``days_ago`` days ago for ``total``."""

    class Meta:
        model = Order
        exclude = ("days_ago",)

    class Params:
        days_ago = 10

    user = factory.SubFactory(UserFactory)
    number = factory.Sequence(lambda n: f"SEG-{n:08d}")
    status = OrderStatus.PAID
    email = factory.LazyAttribute(lambda order: order.user.email)
    ship_full_name = "Ada Lovelace"
    ship_line1 = "1 Analytical Street"
    ship_city = "London"
    ship_postcode = "N1 1AA"
    ship_country = "GB"
    shipping_method = "standard"
    shipping_method_name = "Standard"
    shipping_price = Decimal("0.00")
    subtotal = factory.LazyAttribute(lambda order: order.total)
    total = Decimal("50.00")
    currency = "EUR"
    idempotency_key = factory.Sequence(lambda n: f"seg-key-{n}")
    created_at = factory.LazyAttribute(
        lambda order: timezone.now() - timedelta(days=order.days_ago)
    )


class SegmentRunFactory(DjangoModelFactory):
    class Meta:
        model = SegmentRun

    status = SegmentRun.Status.SUCCEEDED
    finished_at = factory.LazyFunction(timezone.now)


class CustomerSegmentFactory(DjangoModelFactory):
    class Meta:
        model = CustomerSegment

    user = factory.SubFactory(UserFactory)
    run = factory.SubFactory(SegmentRunFactory)
    segment = Segment.LOYAL
    recency_days = 5.0
    frequency = 4
    monetary = Decimal("400.00")
    tenure_days = 300
