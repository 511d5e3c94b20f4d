"""Factories for order-risk tests: past orders of a customer, scores and declined payments."""

from __future__ import annotations

from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from shop.accounts.factories import UserFactory
from shop.orders.models import Order, OrderStatus

from .models import Decision, OrderRisk, PaymentFailure, RiskLevel


class PastOrderFactory(DjangoModelFactory):
    """An order as seeding writes history: already paid (or further), no checkout involved."""

    class Meta:
        model = Order

    number = factory.Sequence(lambda n: f"ORD-PAST{n:04d}")
    user = factory.SubFactory(UserFactory)
    status = OrderStatus.DELIVERED
    email = factory.LazyAttribute(lambda order: order.user.email if order.user else "x@example.com")
    ship_full_name = "Ada Lovelace"
    ship_line1 = "1 Analytical Street"
    ship_city = "London"
    ship_postcode = "N1 1AA"
    ship_country = "GB"
    shipping_method = "standard"
    shipping_method_name = "Standard delivery"
    shipping_price = Decimal("0.00")
    subtotal = Decimal("60.00")
    total = factory.LazyAttribute(lambda order: order.subtotal + order.shipping_price)
    currency = "EUR"
    idempotency_key = factory.Sequence(lambda n: f"past-{n}")
    created_at = factory.LazyFunction(timezone.now)


class OrderRiskFactory(DjangoModelFactory):
    class Meta:
        model = OrderRisk

    order = factory.SubFactory(PastOrderFactory, status=OrderStatus.PAID)
    score = 75
    level = RiskLevel.HIGH
    reasons = factory.LazyFunction(lambda: ["first order from an account created 5 minutes ago"])
    features = factory.LazyFunction(dict)
    scored_at = factory.LazyFunction(timezone.now)
    decision = Decision.PENDING


class PaymentFailureFactory(DjangoModelFactory):
    class Meta:
        model = PaymentFailure

    user = factory.SubFactory(UserFactory)
    kind = PaymentFailure.Kind.DECLINED
    amount = Decimal("100.00")
    created_at = factory.LazyFunction(timezone.now)
