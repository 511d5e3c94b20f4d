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
from shop.orders.pricing import quantize
from shop.orders.shipping import delivery_for
from shop.ratings.models import Review
from tests.conftest import HAS_POSTGRES

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
    ("lines", "country", "shipping"),
    [
        ([(Decimal("12.99"), 1, Decimal("19"))], "DE", Decimal("4.95")),
        ([(Decimal("24.99"), 2, Decimal("19"))], "DE", Decimal("4.95")),  # 49.98: not free
        ([(Decimal("25.00"), 2, Decimal("19"))], "DE", Decimal("0.00")),  # 50.00 ships free
        ([(Decimal("24.99"), 3, Decimal("20"))], "FR", Decimal("7.95")),  # EU: free from 75
        ([(Decimal("25.00"), 3, Decimal("5.5"))], "FR", Decimal("0.00")),
    ],
)
def test_demo_charges_are_the_shops_standard_delivery(lines, country, shipping):
    charges = demo_order_charges(lines=lines, country=country)
    subtotal = sum((price * quantity for price, quantity, _rate in lines), Decimal("0"))
    standard = delivery_for(country).offer("standard")

    assert standard is not None and charges.shipping_method == standard.code
    assert charges.shipping == shipping
    assert (charges.subtotal, charges.total) == (subtotal, subtotal + shipping)
    assert charges.currency == "EUR"
    # VAT is the part of each gross line (and of the shipping) its rate accounts for.
    line_tax = sum(
        (quantize(price * quantity * rate / (100 + rate)) for price, quantity, rate in lines),
        Decimal("0"),
    )
    assert charges.tax == line_tax + charges.shipping_tax


def test_seeded_orders_add_up_as_checkout_would_charge_them():
    call_command("seed_demo", size="small", no_images=True, stdout=StringIO())

    orders = Order.objects.prefetch_related("lines")
    assert orders.exists()
    for order in orders:
        standard = delivery_for(order.ship_country).offer("standard")
        assert standard is not None, order.ship_country
        subtotal = sum((line.unit_price * line.quantity for line in order.lines.all()), Decimal(0))
        assert order.subtotal == subtotal, order.number
        free = standard.free_over is not None and subtotal >= standard.free_over
        assert order.shipping_price == (Decimal("0") if free else standard.price), order.number
        assert order.total == subtotal + order.shipping_price, order.number
        assert order.currency == "EUR" and order.shipping_method == standard.code
        assert order.tax_total == order.shipping_tax + sum(
            (line.tax_amount for line in order.lines.all()), Decimal(0)
        )
        assert all(line.variant_id is not None for line in order.lines.all())
    shipped_free = orders.filter(shipping_price=0).count()
    assert 0 < shipped_free < orders.count()


@pytest.mark.hardening
def test_seeding_over_a_shop_whose_slugs_are_taken_by_other_skus_succeeds():
    """Issue 13, finding 13: products are matched by SKU, so a demo product whose slug another
    SKU already holds (another size of the demo seeded first, a product staff re-numbered)
    was an IntegrityError. Now it gets a numbered slug and nothing else changes."""
    call_command("seed_demo", size="small", no_images=True, stdout=StringIO())
    first = counts()
    renumbered = Product.objects.order_by("pk").first()
    assert renumbered is not None
    renumbered.sku = "STAFF-0001"
    renumbered.save(update_fields=["sku"])

    call_command("seed_demo", size="small", no_images=True, stdout=StringIO())

    assert counts() == {**first, "products": first["products"] + 1}
    twin = Product.objects.exclude(pk=renumbered.pk).get(title=renumbered.title)
    assert twin.slug == f"{renumbered.slug}-2"
    # Its variants' SKUs were held by the renumbered product's variants: numbered too.
    assert twin.variants.count() == renumbered.variants.count() > 0
    assert not set(twin.variants.values_list("sku", flat=True)) & set(
        renumbered.variants.values_list("sku", flat=True)
    )
    assert Product.objects.get(pk=renumbered.pk).slug == renumbered.slug


@pytest.mark.skipif(not HAS_POSTGRES, reason="needs PostgreSQL: set DATABASE_URL=postgres://...")
def test_seed_demo_gives_postgresql_planner_statistics_for_what_it_wrote():
    """Autovacuum may be off or behind after a bulk load; the planner then guesses (a
    50k-product search was planned as a nested loop over every product type)."""
    from django.db import connection

    call_command("seed_demo", size="small", no_images=True, stdout=StringIO())
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'catalogue_product'")
        (estimated,) = cursor.fetchone()
    assert estimated == Product.objects.count()


@pytest.mark.skipif(not HAS_POSTGRES, reason="needs PostgreSQL: set DATABASE_URL=postgres://...")
@pytest.mark.django_db(transaction=True)
def test_seed_demo_vacuums_what_it_rewrote_outside_a_transaction():
    """Seeding updates rows it has just written; autovacuum may be off, leaving the dead rows
    for every search to read past."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT clock_timestamp()")
        (before,) = cursor.fetchone()
    call_command("seed_demo", size="small", no_images=True, stdout=StringIO())
    with connection.cursor() as cursor:
        # VACUUM itself records when it ran (the dead-row counts trail behind, flushed by the
        # seeding connection when it next can).
        cursor.execute(
            "SELECT last_vacuum FROM pg_stat_user_tables WHERE relname = 'catalogue_product'"
        )
        (vacuumed,) = cursor.fetchone()
    assert vacuumed is not None and vacuumed >= before
