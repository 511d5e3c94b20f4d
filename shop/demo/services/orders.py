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
from shop.demo.engine import OrderSpec, ProductSpec
from shop.orders.hooks import postcode_normal
from shop.orders.models import Order, OrderLine, OrderStatusChange, PaymentStatus
from shop.orders.pricing import LineInput, quote
from shop.orders.services import ORDER_NUMBER_ALPHABET
from shop.orders.shipping import shipping_method_get

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
STATUS_DELAY_DAYS = {"pending": 0, "paid": 0.01, "shipped": 1, "delivered": 3, "cancelled": 0.5}
# A line: (product id, its spec, quantity).
Line = tuple[int, ProductSpec, int]


@dataclass(frozen=True, slots=True)
class DemoCharges:
    """What a demo order cost: every demo order went by standard delivery."""

    subtotal: Decimal
    shipping: Decimal
    total: Decimal
    currency: str
    shipping_method: str
    shipping_method_name: str


def demo_order_charges(*, lines: Iterable[tuple[Decimal, int]]) -> DemoCharges:
    """The charges for (unit price, quantity) lines sent by standard delivery, as checkout
    prices them."""
    standard = shipping_method_get("standard")
    assert standard is not None
    currency = settings.SHOP_CURRENCY
    priced = quote(
        [LineInput(i, price, qty, currency) for i, (price, qty) in enumerate(lines)],
        currency=currency,
        shipping=standard.rate,
    )
    return DemoCharges(
        subtotal=priced.subtotal,
        shipping=priced.shipping,
        total=priced.total,
        currency=priced.currency,
        shipping_method=standard.code,
        shipping_method_name=str(standard.name),
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
    emails = dict(User.objects.filter(pk__in=set(customer_ids)).values_list("pk", "email"))
    addresses = {
        a.user_id: a for a in Address.objects.filter(user_id__in=set(customer_ids), is_default=True)
    }
    total = len(shop.orders)
    for start in range(0, total, BATCH):
        batch: list[tuple[Order, list[Line]]] = []
        for index, spec in enumerate(shop.orders[start : start + BATCH], start=start):
            user_id = customer_ids[spec.customer]
            lines = [(specs[sku][0], specs[sku][1], qty) for sku, qty in spec.lines]
            order = _order(run, index, spec, lines, user_id=user_id, email=emails[user_id])
            batch.append((_ship_to(order, addresses.get(user_id)), lines))
        with transaction.atomic():
            _write(batch)
        run.progress("orders", min(start + BATCH, total), total)
    return True


def _order(
    run: SeedRun, index: int, spec: OrderSpec, lines: list[Line], *, user_id: int, email: str
) -> Order:
    placed = run.now - timedelta(days=spec.days_ago)
    charges = demo_order_charges(lines=[(product.price, qty) for _pid, product, qty in lines])
    order = Order(
        number=demo_order_number(seed=run.shop.seed, index=index),
        user_id=user_id,
        status=spec.status,
        payment_status=PAYMENT_STATUS[spec.status],
        email=email,
        shipping_method=charges.shipping_method,
        shipping_method_name=charges.shipping_method_name,
        shipping_price=charges.shipping,
        subtotal=charges.subtotal,
        total=charges.total,
        currency=charges.currency,
        payment_reference=f"demo_{index}",
        idempotency_key=f"demo-{run.shop.seed}-{index}",
        created_at=placed,
    )
    for status in STATUS_PATHS[spec.status][1:]:
        when = min(placed + timedelta(days=STATUS_DELAY_DAYS.get(status, 5)), run.now)
        setattr(order, STATUS_TIMESTAMP[status], when)
    return order


def _ship_to(order: Order, address: Address | None) -> Order:
    """The customer's default address; a placeholder for someone who has none."""
    order.ship_full_name = address.full_name if address else "Demo Customer"
    order.ship_line1 = address.line1 if address else "1 Demo Street"
    order.ship_city = address.city if address else "Berlin"
    order.ship_postcode = postcode_normal(address.postcode) if address else "10115"
    order.ship_country = address.country.upper() if address else "DE"
    return order


def _write(batch: list[tuple[Order, list[Line]]]) -> None:
    """Insert the orders, then their lines and status histories, in three bulk inserts."""
    Order.objects.bulk_create([order for order, _lines in batch])
    numbers = [order.number for order, _lines in batch]
    ids = dict(Order.objects.filter(number__in=numbers).values_list("number", "pk"))
    order_lines, history = [], []
    for order, lines in batch:
        order_id = ids[order.number]
        order_lines += [
            OrderLine(
                order_id=order_id,
                product_id=pid,
                title=spec.title,
                sku=spec.sku,
                unit_price=spec.price,
                quantity=qty,
            )
            for pid, spec, qty in lines
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
