from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from recommendations.models import Interaction
from shop.accounts.models import User
from shop.catalogue.models import Category, Product
from shop.orders.models import Order
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
