"""A small catalogue for the search tests (pages, API and browser)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shop.catalogue.factories import CategoryFactory, ProductFactory, sized_product
from shop.catalogue.models import ProductType


@pytest.fixture
def catalogue(db):  # type: ignore[no-untyped-def]
    """Headphones, hair dryers, tents and a cardigan in colours and sizes."""
    audio = CategoryFactory(name="Audio & Headphones", slug="audio")
    hair = CategoryFactory(name="Haircare", slug="haircare")
    camping = CategoryFactory(name="Camping & Hiking", slug="camping")
    headphones = ProductType.objects.create(name="Wireless Headphones", slug="wireless-headphones")
    dryer = ProductType.objects.create(name="Hair Dryer", slug="hair-dryer")
    tent = ProductType.objects.create(name="Tent", slug="tent")
    made = {}
    for i, (brand, colour, price, stock) in enumerate(
        [
            ("Voltara", "Midnight Black", "199.00", 5),
            ("Sonique", "Arctic White", "49.00", 0),
            ("Voltara", "Arctic White", "89.00", 3),
        ]
    ):
        made[f"headphones{i}"] = ProductFactory(
            title=f"{brand} Pulse Wireless Headphones, {colour}",
            brand=brand,
            category=audio,
            product_type=headphones,
            price=Decimal(price),
            stock_quantity=stock,
            popularity=10 - i,
            description="Over-ear headphones with active noise cancellation.",
        )
    for i in range(2):
        made[f"dryer{i}"] = ProductFactory(
            title=f"Dermalux Aero Hair Dryer {1800 + 400 * i} W",
            brand="Dermalux",
            category=hair,
            product_type=dryer,
            price=Decimal("59.00"),
        )
    for i, berth in enumerate(("2-person", "4-person")):
        made[f"tent{i}"] = ProductFactory(
            title=f"Trailforge Summit Tent, {berth}",
            brand="Trailforge",
            category=camping,
            product_type=tent,
            price=Decimal("149.00") + i * 100,
            description="A light tent with a content-rich manual.",
        )
    made["cardigan"] = sized_product(colours=("Camel", "Navy"), sizes=("S", "M"), stock=2)
    return made
