from __future__ import annotations

from decimal import Decimal

import pytest

from shop.catalogue.factories import CategoryFactory, ProductFactory


@pytest.fixture
def tree(db):  # type: ignore[no-untyped-def]
    """Electronics > Audio > Headphones, and Garden beside it."""
    electronics = CategoryFactory(name="Electronics", slug="electronics")
    audio = CategoryFactory(name="Audio", slug="audio", parent=electronics)
    headphones = CategoryFactory(name="Headphones", slug="headphones", parent=audio)
    garden = CategoryFactory(name="Garden", slug="garden")
    return {"electronics": electronics, "audio": audio, "headphones": headphones, "garden": garden}


@pytest.fixture
def products(tree):  # type: ignore[no-untyped-def]
    return {
        "anc": ProductFactory(
            title="Noise Cancelling Headphones",
            brand="Sonora",
            category=tree["headphones"],
            price=Decimal("199.00"),
            rating_average=Decimal("4.6"),
            rating_count=12,
            popularity=50,
            description="Over-ear wireless headphones with active noise cancelling.",
        ),
        "speaker": ProductFactory(
            title="Bookshelf Speaker",
            brand="Sonora",
            category=tree["audio"],
            price=Decimal("89.00"),
            rating_average=Decimal("3.9"),
            rating_count=5,
            popularity=80,
            description="Compact speaker; pairs well with our headphones.",
        ),
        "hose": ProductFactory(
            title="Garden Hose 25m",
            brand="Greenline",
            category=tree["garden"],
            price=Decimal("24.50"),
            rating_average=Decimal("2.5"),
            rating_count=3,
            popularity=10,
            stock_quantity=0,
            description="Kink-free hose for lawns and beds.",
        ),
    }
