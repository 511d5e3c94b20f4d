"""The recommendation rows on the seeded demo make sense: complements, not substitutes.

The demo's baskets (shop.demo.engine.baskets) buy devices with their accessories; a build on
them must bring a phone's case and power bank into "Complete your order", never another phone.
Seeded at the medium size: the small one (40 customers, about 50 orders) has too few orders for
any pair to be evidence. One demo for the module (no images; about half a minute).
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db.models import Count

from recommendations.selectors import row_for_cart, row_for_product_together
from shop.catalogue.models import Product
from shop.demo.engine.baskets import KITS

pytestmark = pytest.mark.django_db(transaction=True)


def _slug(noun: str) -> str:
    return noun.lower().replace(" ", "-").replace("'", "")


def _most_bought(type_slug: str) -> Product | None:
    return (
        Product.objects.filter(product_type__slug=type_slug, is_active=True)
        .annotate(lines=Count("order_lines"))
        .order_by("-lines", "pk")
        .first()
    )


def test_phones_bring_their_accessories_never_another_phone(django_capture_on_commit_callbacks):
    call_command("seed_demo", size="medium", no_images=True, stdout=StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rebuild_recommendations", stdout=StringIO())
    cache.clear()
    accessories = {_slug(noun) for noun in KITS["Smartphone"]}
    phone = _most_bought("smartphone")
    assert phone is not None

    cart = row_for_cart(product_ids=[phone.pk])
    kinds = [p.product_type.slug for p in cart.products]
    assert cart.products and "smartphone" not in kinds
    # The first suggestions are the phone's accessories, more than one kind of them.
    assert set(kinds[:4]) <= accessories and len(accessories & set(kinds)) >= 2, kinds

    together = row_for_product_together(product=phone)
    kinds = [p.product_type.slug for p in together.products]
    assert together.products and "smartphone" not in kinds
    assert set(kinds[:3]) <= accessories, kinds

    # Every kit: a device in the cart never brings a product of its own type.
    for device in KITS:
        product = _most_bought(_slug(device))
        if product is None:
            continue
        row = row_for_cart(product_ids=[product.pk])
        assert product.product_type_id not in {p.product_type_id for p in row.products}
