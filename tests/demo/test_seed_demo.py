"""``seed_demo`` through the command: a whole shop, idempotent, priced as the shop prices."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from recommendations.models import Interaction
from shop.accounts.models import User
from shop.catalogue.models import Category, Product
from shop.demo.services.orders import demo_order_charges
from shop.orders.models import Order
from shop.orders.shipping import shipping_method_get
from shop.ratings.models import Review

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        "categories": Category.objects.count(),
        "products": Product.objects.count(),
        "users": User.objects.count(),
        "orders": Order.objects.count(),
        "reviews": Review.objects.count(),
        "interactions": Interaction.objects.count(),
    }


def test_seed_demo_builds_a_shop_and_is_idempotent(client):
    out = StringIO()
    call_command("seed_demo", size="small", stdout=out)
    first = counts()
    assert first["categories"] >= 12 and first["products"] >= 60 and first["orders"] > 0
    assert first["interactions"] == 2000 and first["reviews"] > 0
    statuses = set(Order.objects.values_list("status", flat=True))
    assert statuses == {"pending", "paid", "shipped", "delivered", "cancelled", "refunded"}
    assert Product.objects.exclude(image="").count() == first["products"]
    assert Product.objects.filter(rating_count__gt=0).exists()
    text = out.getvalue()
    assert "Staff login:    admin / " in text and "products: 60/60" in text

    again = StringIO()
    call_command("seed_demo", size="small", stdout=again)
    assert counts() == first
    password = again.getvalue().split("Staff login:    admin / ")[1].split()[0]

    # The latest printed staff credentials work, and the seeded shop's pages render.
    assert (
        client.post(
            "/admin/login/?next=/admin/", {"username": "admin", "password": password}
        ).status_code
        == 302
    )
    assert client.get("/admin/orders/order/").status_code == 200
    product = Product.objects.filter(is_active=True).first()
    assert client.get(product.get_absolute_url()).status_code == 200
    assert client.get(product.category.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("lines", "shipping"),
    [
        ([(Decimal("12.99"), 1)], Decimal("4.95")),
        ([(Decimal("24.99"), 2)], Decimal("4.95")),  # 49.98: just under free delivery
        ([(Decimal("25.00"), 2)], Decimal("0.00")),  # exactly 50.00 ships free
        ([(Decimal("9.99"), 3), (Decimal("39.99"), 1)], Decimal("0.00")),
    ],
)
def test_demo_charges_are_the_shops_standard_delivery(lines, shipping):
    charges = demo_order_charges(lines=lines)
    subtotal = sum((price * quantity for price, quantity in lines), Decimal("0"))
    standard = shipping_method_get("standard")

    assert standard is not None and charges.shipping_method == standard.code
    assert charges.shipping == shipping == standard.price_for(subtotal)
    assert (charges.subtotal, charges.total) == (subtotal, subtotal + shipping)
    assert charges.currency == "EUR"


def test_seeded_orders_add_up_as_checkout_would_charge_them():
    call_command("seed_demo", size="small", no_images=True, stdout=StringIO())
    standard = shipping_method_get("standard")
    assert standard is not None

    orders = Order.objects.prefetch_related("lines")
    assert orders.exists()
    for order in orders:
        subtotal = sum((line.unit_price * line.quantity for line in order.lines.all()), Decimal(0))
        assert order.subtotal == subtotal, order.number
        assert order.shipping_price == standard.price_for(subtotal), order.number
        assert order.total == subtotal + order.shipping_price, order.number
        assert order.currency == "EUR" and order.shipping_method == standard.code
    shipped_free = orders.filter(shipping_price=0).count()
    assert 0 < shipped_free < orders.count()
