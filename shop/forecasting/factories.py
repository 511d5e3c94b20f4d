"""Factories for the forecasting tests: demand (orders with lines) and stored forecasts."""

from __future__ import annotations

from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from shop.accounts.factories import UserFactory
from shop.catalogue.factories import ProductFactory
from shop.orders.models import Order, OrderLine, OrderStatus

from .models import ForecastRun, ProductForecast


class OrderFactory(DjangoModelFactory):
    class Meta:
        model = Order

    number = factory.Sequence(lambda n: f"ORD-FC{n:06d}")
    user = factory.SubFactory(UserFactory)
    status = OrderStatus.DELIVERED
    email = factory.LazyAttribute(lambda o: o.user.email if o.user else "guest@example.com")
    ship_full_name = "Demo Customer"
    ship_line1 = "1 Demo Street"
    ship_city = "Berlin"
    ship_postcode = "10115"
    ship_country = "DE"
    shipping_method = "standard"
    shipping_method_name = "Standard delivery"
    shipping_price = Decimal("0.00")
    subtotal = Decimal("10.00")
    total = Decimal("10.00")
    currency = "EUR"
    idempotency_key = factory.Sequence(lambda n: f"forecast-test-{n}")
    created_at = factory.LazyFunction(timezone.now)


class OrderLineFactory(DjangoModelFactory):
    class Meta:
        model = OrderLine

    order = factory.SubFactory(OrderFactory)
    product = factory.SubFactory(ProductFactory)
    title = factory.LazyAttribute(lambda o: o.product.title)
    sku = factory.LazyAttribute(lambda o: o.product.sku)
    unit_price = Decimal("10.00")
    quantity = 1


class ForecastRunFactory(DjangoModelFactory):
    class Meta:
        model = ForecastRun

    status = ForecastRun.Status.SUCCEEDED
    is_current = False
    finished_at = factory.LazyFunction(timezone.now)


class ProductForecastFactory(DjangoModelFactory):
    class Meta:
        model = ProductForecast

    run = factory.SubFactory(ForecastRunFactory)
    product = factory.SubFactory(ProductFactory)
    method = "weekday_level"
    forecast_14d = 7.0
    forecast_30d = 15.0
    daily_rate = 0.5
    stock_at_run = 10
    days_of_cover = 20.0
