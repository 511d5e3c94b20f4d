"""The demo's order history: orders in every status, their lines and status changes.

Written in bulk rather than through ``orders.order_place``: checkout charges a card, takes
stock and stamps the present, while these are last year's orders with their whole history.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction

from shop.accounts.models import Address, User
from shop.catalogue.models import ProductType, ProductVariant
from shop.demo.engine import OrderSpec, ProductSpec, VariantSpec, variant_for_line
from shop.orders.hooks import postcode_normal
from shop.orders.models import Order, OrderLine, OrderStatusChange, PaymentStatus
from shop.orders.pricing import LineInput, PricedLine, quote
from shop.orders.services import ORDER_NUMBER_ALPHABET
from shop.orders.shipping import delivery_check, offer_check, shipping_rate
from shop.taxes.selectors import country_taxes

from .run import BATCH, SeedRun

# The chain of statuses an order went through to reach its final one.
STATUS_PATHS = {
    "pending": ["pending"],
    "paid": ["pending", "paid"],
    "shipped": ["pending", "paid", "shipped"],
    "delivered": ["pending", "paid", "shipped", "delivered"],
    "cancelled": ["pending", "paid", "cancelled"],
    "refunded": ["pending", "paid", "shipped", "delivered", "refunded"],
}
# Where each status leaves the order's money (cancelled demo orders were paid first).
PAYMENT_STATUS = {
    "pending": PaymentStatus.AUTHORISED,
    "paid": PaymentStatus.CAPTURED,
    "shipped": PaymentStatus.CAPTURED,
    "delivered": PaymentStatus.CAPTURED,
    "cancelled": PaymentStatus.REFUNDED,
    "refunded": PaymentStatus.REFUNDED,
}
STATUS_TIMESTAMP = {
    "paid": "paid_at",
    "shipped": "shipped_at",
    "delivered": "delivered_at",
    "cancelled": "cancelled_at",
    "refunded": "refunded_at",
}
DEMO_CARRIERS = ("dhl", "dpd", "ups", "gls")
STATUS_DELAY_DAYS = {"pending": 0, "paid": 0.01, "shipped": 1, "delivered": 3, "cancelled": 0.5}
# A line: (product id, its spec, the variant bought (id, spec), quantity, its tax class).
Line = tuple[int, ProductSpec, tuple[int, VariantSpec], int, int | None]
DEMO_METHOD = "standard"


@dataclass(frozen=True, slots=True)
class DemoCharges:
    """What a demo order cost: every demo order went by standard delivery."""

    subtotal: Decimal
    shipping: Decimal
    shipping_tax: Decimal
    shipping_tax_rate: Decimal
    tax: Decimal
    total: Decimal
    currency: str
    shipping_method: str
    shipping_method_name: str
    shipping_days: str
    lines: tuple[PricedLine, ...]


def demo_order_charges(
    *, lines: Iterable[tuple[Decimal, int, Decimal]], country: str
) -> DemoCharges:
    """The charges for (unit price, quantity, tax rate) lines sent by standard delivery to
    ``country``, as checkout prices them (its zone's rate, its VAT)."""
    standard = offer_check(delivery_check(country), DEMO_METHOD)
    currency = settings.SHOP_CURRENCY
    priced = quote(
        [LineInput(i, price, qty, currency, rate) for i, (price, qty, rate) in enumerate(lines)],
        currency=currency,
        shipping=shipping_rate(standard, country=country),
        prices_include_tax=settings.SHOP_PRICES_INCLUDE_TAX,
    )
    return DemoCharges(
        subtotal=priced.subtotal,
        shipping=priced.shipping,
        shipping_tax=priced.shipping_tax,
        shipping_tax_rate=priced.shipping_tax_rate,
        tax=priced.tax,
        total=priced.total,
        currency=priced.currency,
        shipping_method=standard.code,
        shipping_method_name=standard.name,
        shipping_days=standard.days,
        lines=priced.lines,
    )


def demo_order_number(*, seed: int, index: int) -> str:
    """The same number for the same order of the same seed, in the shop's alphabet."""
    digest = hashlib.sha256(f"demo-order:{seed}:{index}".encode()).digest()
    return "ORD-" + "".join(
        ORDER_NUMBER_ALPHABET[b % len(ORDER_NUMBER_ALPHABET)] for b in digest[:8]
    )


def orders_seed(*, run: SeedRun, customer_ids: list[int], product_ids: list[int]) -> bool:
    """Write the demo's order history once; False when it is already there."""
    run.report.step("Orders")
    if Order.objects.filter(idempotency_key__startswith="demo-").exists():
        run.report.line("  already seeded")
        return False
    shop = run.shop
    specs = {spec.sku: (pid, spec) for pid, spec in zip(product_ids, shop.products, strict=True)}
    variant_ids = dict(ProductVariant.objects.values_list("sku", "pk"))
    tax_classes = dict(ProductType.objects.values_list("slug", "tax_class_id"))
    emails = dict(User.objects.filter(pk__in=set(customer_ids)).values_list("pk", "email"))
    addresses = {
        a.user_id: a for a in Address.objects.filter(user_id__in=set(customer_ids), is_default=True)
    }
    total = len(shop.orders)
    for start in range(0, total, BATCH):
        batch: list[tuple[Order, list[Line], tuple[PricedLine, ...]]] = []
        for index, spec in enumerate(shop.orders[start : start + BATCH], start=start):
            user_id = customer_ids[spec.customer]
            lines = []
            for number, (sku, qty) in enumerate(spec.lines):
                pid, product = specs[sku]
                bought = product.variants[
                    variant_for_line(len(product.variants), order_index=index, line_index=number)
                ]
                variant = (variant_ids[bought.sku], bought)
                lines.append((pid, product, variant, qty, tax_classes.get(product.type_slug)))
            order = _ship_to(Order(), addresses.get(user_id))
            charges = _order(run, index, spec, lines, order, user_id=user_id, email=emails[user_id])
            batch.append((order, lines, charges.lines))
        with transaction.atomic():
            _write(batch)
        run.progress("orders", min(start + BATCH, total), total)
    return True


def _order(
    run: SeedRun,
    index: int,
    spec: OrderSpec,
    lines: list[Line],
    order: Order,
    *,
    user_id: int,
    email: str,
) -> DemoCharges:
    """Fill in ``order`` (already addressed) with its charges, which it returns (with each
    line's price and tax for ``_write``)."""
    placed = run.now - timedelta(days=spec.days_ago)
    taxes = country_taxes(country=order.ship_country)
    charges = demo_order_charges(
        lines=[
            (variant.price, qty, taxes.rate_for(tax_class))
            for _pid, _product, (_vid, variant), qty, tax_class in lines
        ],
        country=order.ship_country,
    )
    order.number = demo_order_number(seed=run.shop.seed, index=index)
    order.user_id = user_id
    order.status = spec.status
    order.payment_status = PAYMENT_STATUS[spec.status]
    order.email = email
    order.shipping_method = charges.shipping_method
    order.shipping_method_name = charges.shipping_method_name
    order.shipping_days = charges.shipping_days
    order.shipping_price = charges.shipping
    order.shipping_tax = charges.shipping_tax
    order.shipping_tax_rate = charges.shipping_tax_rate
    order.subtotal = charges.subtotal
    order.tax_total = charges.tax
    order.total = charges.total
    order.currency = charges.currency
    order.prices_include_tax = settings.SHOP_PRICES_INCLUDE_TAX
    order.payment_reference = f"demo_{index}"
    order.idempotency_key = f"demo-{run.shop.seed}-{index}"
    order.created_at = placed
    for status in STATUS_PATHS[spec.status][1:]:
        when = min(placed + timedelta(days=STATUS_DELAY_DAYS.get(status, 5)), run.now)
        setattr(order, STATUS_TIMESTAMP[status], when)
    if order.shipped_at is not None:  # parcels that left have a carrier and a number
        order.carrier = DEMO_CARRIERS[index % len(DEMO_CARRIERS)]
        order.tracking_number = f"DEMO{run.shop.seed:02d}{index:08d}"
    return charges


def _ship_to(order: Order, address: Address | None) -> Order:
    """The customer's default address; a placeholder for someone who has none."""
    order.ship_full_name = address.full_name if address else "Demo Customer"
    order.ship_line1 = address.line1 if address else "1 Demo Street"
    order.ship_city = address.city if address else "Berlin"
    order.ship_postcode = postcode_normal(address.postcode) if address else "10115"
    order.ship_country = address.country.upper() if address else "DE"
    return order


def _write(batch: list[tuple[Order, list[Line], tuple[PricedLine, ...]]]) -> None:
    """Insert the orders, then their lines and status histories, in three bulk inserts."""
    Order.objects.bulk_create([order for order, _lines, _priced in batch])
    numbers = [order.number for order, _lines, _priced in batch]
    ids = dict(Order.objects.filter(number__in=numbers).values_list("number", "pk"))
    order_lines, history = [], []
    for order, lines, priced in batch:
        order_id = ids[order.number]
        order_lines += [
            OrderLine(
                order_id=order_id,
                product_id=pid,
                variant_id=variant_id,
                title=spec.title,
                variant_name=" / ".join(value for _a, value in variant.options),
                sku=variant.sku,
                unit_price=line.unit_price,
                quantity=qty,
                tax_rate=line.tax_rate,
                tax_amount=line.tax,
            )
            for (pid, spec, (variant_id, variant), qty, _tax_class), line in zip(
                lines, priced, strict=True
            )
        ]
        history += _history(order, order_id)
    OrderLine.objects.bulk_create(order_lines)
    OrderStatusChange.objects.bulk_create(history)


def _history(order: Order, order_id: int) -> list[OrderStatusChange]:
    changes, previous = [], ""
    for status in STATUS_PATHS[order.status]:
        stamp = getattr(order, STATUS_TIMESTAMP.get(status, "created_at"))
        changes.append(
            OrderStatusChange(
                order_id=order_id,
                from_status=previous,
                to_status=status,
                changed_at=stamp or order.created_at,
            )
        )
        previous = status
    return changes
