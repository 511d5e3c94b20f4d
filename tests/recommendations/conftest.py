from __future__ import annotations

from decimal import Decimal

import pytest

from recommendations.models import Interaction
from shop.accounts.factories import UserFactory
from shop.catalogue.factories import CategoryFactory, ProductFactory, ProductTypeFactory
from shop.forecasting.factories import OrderFactory, OrderLineFactory


@pytest.fixture
def taste_shop(db):
    """Two tastes: tent buyers also buy stoves; kettle buyers also buy mugs.

    Each customer's pair is one order too (what "bought together" learns from). Returns the
    products by name and the customers; a product with no signals at all (the
    lantern) tests cold start through its text.
    """
    outdoor = CategoryFactory(name="Outdoor", slug="outdoor")
    camping = CategoryFactory(name="Camping stoves", slug="stoves", parent=outdoor)
    kitchen = CategoryFactory(name="Kitchen", slug="kitchen")
    tableware = CategoryFactory(name="Tableware", slug="tableware", parent=kitchen)
    products = {
        "tent": ProductFactory(
            title="Alpine Tent", category=outdoor, description="A tent for two."
        ),
        "stove": ProductFactory(title="Camp Stove", category=camping, description="Gas stove."),
        "kettle": ProductFactory(title="Steel Kettle", category=kitchen, description="Kettle."),
        "mug": ProductFactory(title="Enamel Mug", category=tableware, description="A mug."),
        "lantern": ProductFactory(
            title="Alpine Tent Lantern", category=outdoor, description="A lantern for the tent."
        ),
    }
    customers = []
    for i in range(80):
        user = UserFactory(username=f"camper{i}")
        customers.append(user)
        pair = ("tent", "stove") if i < 40 else ("kettle", "mug")
        order = OrderFactory(user=user)
        for name in pair:
            Interaction.objects.create(user=user, product=products[name], kind="purchase", weight=1)
            OrderLineFactory(order=order, product=products[name])
        Interaction.objects.create(user=user, product=products[pair[0]], kind="view", weight=1)
    return products, customers


@pytest.fixture
def rebuild(django_capture_on_commit_callbacks):
    """build_run as production sees it: with its on-commit cache invalidation executed."""
    from recommendations.services import build_run

    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return build_run(**kwargs)

    return run


def _product(title: str, kind: str, price: str):  # type: ignore[no-untyped-def]
    product_type = ProductTypeFactory(name=kind, slug=kind.lower())
    return ProductFactory(title=title, product_type=product_type, price=Decimal(price))


@pytest.fixture
def phone_shop():  # type: ignore[no-untyped-def]
    """Phones bought with cases and chargers; laptops with mice; phone shoppers look at both
    phones, and a few bought both at once, so the phones are each other's neighbours but never
    complements."""
    p = {
        "phone": _product("Pixel Phone", "Phone", "499.00"),
        "phone_2": _product("Galaxy Phone", "Phone", "449.00"),
        "case": _product("Phone Case", "Case", "19.00"),
        "charger": _product("Fast Charger", "Charger", "25.00"),
        "laptop": _product("Laptop Pro", "Laptop", "1299.00"),
        "mouse": _product("Quiet Mouse", "Mouse", "15.00"),
    }
    baskets = (
        [("phone", "case")] * 10
        + [("phone", "charger")] * 8
        + [("phone_2", "case")] * 5
        + [("phone_2", "charger")] * 4
        + [("laptop", "mouse")] * 30
        + [("phone", "phone_2")] * 4  # two phones at once (a gift): still not a complement
    )
    for n, basket in enumerate(baskets):
        user = UserFactory(username=f"shopper{n}")
        order = OrderFactory(user=user)
        for name in basket:
            OrderLineFactory(order=order, product=p[name], unit_price=p[name].price)
            Interaction.objects.create(user=user, product=p[name], kind="purchase", weight=1)
        if "phone" in basket[0]:
            for name in ("phone", "phone_2"):
                Interaction.objects.create(user=user, product=p[name], kind="view", weight=1)
    return p
