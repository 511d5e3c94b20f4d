"""The migration from today's data: every product becomes a product of the type "General" with
one default variant holding its SKU, price and stock, and carts and order lines point at those
variants. Run forward from the schema before variants, on whichever database the suite uses."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from shop.catalogue.models import Product, ProductVariant
from shop.orders.models import CartLine, OrderLine

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("catalogue", "0003_product_lead_time_days"), ("orders", "0004_ship_place_index")]


def _migrate(targets):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_todays_products_carts_and_orders_move_to_default_variants():
    old = _migrate(BEFORE)
    try:
        category = old.get_model("catalogue", "Category").objects.create(name="Lamps", slug="lamps")
        old_product = old.get_model("catalogue", "Product")
        lamp = old_product.objects.create(
            category=category,
            title="Brass Lamp",
            slug="brass-lamp",
            sku="LAMP-1",
            price=Decimal("42.00"),
            stock_quantity=7,
        )
        bulb = old_product.objects.create(
            category=category,
            title="Bulb",
            slug="bulb",
            sku="BULB-1",
            price=Decimal("3.50"),
            stock_quantity=0,
        )
        user = old.get_model("accounts", "User").objects.create(username="ada", email="a@b.c")
        cart = old.get_model("orders", "Cart").objects.create(user=user)
        old.get_model("orders", "CartLine").objects.create(cart=cart, product=lamp, quantity=2)
        order = old.get_model("orders", "Order").objects.create(
            number="ORD-OLD00001",
            user=user,
            email="a@b.c",
            ship_full_name="Ada",
            ship_line1="1 St",
            ship_city="Berlin",
            ship_postcode="10115",
            ship_country="DE",
            shipping_method="standard",
            shipping_method_name="Standard delivery",
            shipping_price=Decimal("4.95"),
            subtotal=Decimal("45.50"),
            total=Decimal("50.45"),
            currency="EUR",
            idempotency_key="old",
            created_at=timezone.now(),
        )
        order_line = old.get_model("orders", "OrderLine")
        for product in (lamp, bulb):
            order_line.objects.create(
                order=order,
                product=product,
                title=product.title,
                sku=product.sku,
                unit_price=product.price,
                quantity=1,
            )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    lamp_now = Product.objects.select_related("product_type").get(sku="LAMP-1")
    assert lamp_now.product_type.slug == "general"
    variant = ProductVariant.objects.get(product=lamp_now)
    assert (variant.sku, variant.price, variant.stock_quantity, variant.name) == (
        "LAMP-1",
        Decimal("42.00"),
        7,
        "",
    )
    assert (lamp_now.price, lamp_now.stock_quantity) == (Decimal("42.00"), 7)
    bulb_variant = ProductVariant.objects.get(product__sku="BULB-1")
    assert bulb_variant.stock_quantity == 0
    (cart_line,) = CartLine.objects.all()
    assert (cart_line.variant, cart_line.quantity) == (variant, 2)
    lines = {line.sku: line for line in OrderLine.objects.all()}
    assert lines["LAMP-1"].variant == variant and lines["BULB-1"].variant == bulb_variant
    # What was sold stays as it was sold; orders placed before taxes record none.
    assert lines["LAMP-1"].unit_price == Decimal("42.00") and lines["LAMP-1"].tax_amount == 0


@pytest.mark.django_db
def test_a_visitors_cart_from_before_variants_is_read_as_the_default_variants(client):
    from django.conf import settings

    from shop.catalogue.factories import ProductFactory, sized_product, variant_of
    from shop.orders.cart import SessionCartStore

    lamp = ProductFactory()
    cardigan = sized_product(colours=("Camel",), sizes=("M", "L"))
    session = client.session
    # The session as the shop wrote it before variants: product ids.
    session[settings.CART_SESSION_KEY] = {str(lamp.pk): 2, str(cardigan.pk): 1}
    session.save()
    store = SessionCartStore(client.session)
    # The lamp has one variant; which size of the cardigan was meant cannot be known.
    assert store.quantities() == {variant_of(lamp).pk: 2}
    assert settings.CART_SESSION_KEY not in store.session
