from __future__ import annotations

import pytest

from recommendations.models import Interaction
from shop.accounts.factories import UserFactory
from shop.catalogue.factories import CategoryFactory, ProductFactory
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
