"""The home page's other rows: "Buy it again" (what the customer rebuys, when it is due) and
"Recently viewed" (this visit's views), each its own list, none repeating another row."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest
from django.utils import timezone

from recommendations.engine.rebuys import due_again, rebuy_cycles
from recommendations.models import Interaction
from recommendations.selectors import RecommendationRow, rows_for_home
from recommendations.services import recently_viewed_add
from shop.accounts.factories import UserFactory
from shop.catalogue.factories import ProductFactory, ProductTypeFactory
from shop.core.consent import CONSENT_COOKIE
from shop.forecasting.factories import OrderFactory, OrderLineFactory

pytestmark = pytest.mark.django_db


def test_only_kinds_people_rebuy_have_a_cycle():
    # Customers 0-3 buy shampoo (product 1, kind 10) every 40 days; customer 4 bought one phone
    # (product 2, kind 20) twice within a week (a return), customer 5 two phones a year apart.
    rows = [(c, 1, 10, d) for c in range(4) for d in (0.0, 40.0, 80.0)]
    rows += [(4, 2, 20, 0.0), (4, 2, 20, 5.0), (5, 2, 20, 0.0), (5, 2, 20, 365.0)]
    rows += [(c, 2, 20, 0.0) for c in range(6, 12)]
    user, product, kind, day = (np.array(col) for col in zip(*rows, strict=True))
    cycles = rebuy_cycles(user, product, kind, day.astype(float))
    assert cycles == {1: 40.0}
    assert due_again(30.0, 40.0) and not due_again(10.0, 40.0)


def _bought(user, product, days_ago: float) -> None:  # type: ignore[no-untyped-def]
    at = timezone.now() - timedelta(days=days_ago)
    order = OrderFactory(user=user, created_at=at)
    OrderLineFactory(order=order, product=product, unit_price=product.price)
    Interaction.objects.create(user=user, product=product, kind="purchase", weight=1, created_at=at)


@pytest.fixture
def rebuy_shop(db):  # type: ignore[no-untyped-def]
    """Shampoo rebought every 40 days by its buyers; phones, bought once, with a case."""
    shampoo_type = ProductTypeFactory(name="Shampoo", slug="shampoo")
    phone_type = ProductTypeFactory(name="Phone", slug="phone")
    case_type = ProductTypeFactory(name="Case", slug="case")
    p = {
        "shampoo": ProductFactory(title="Mild Shampoo", product_type=shampoo_type),
        "phone": ProductFactory(title="Pixel Phone", product_type=phone_type),
        "case": ProductFactory(title="Phone Case", product_type=case_type),
    }
    customers = []
    for n in range(6):
        user = UserFactory(username=f"regular{n}")
        customers.append(user)
        for days_ago in (115.0, 75.0, 35.0):
            _bought(user, p["shampoo"], days_ago)
        _bought(user, p["phone"], 90.0)
        _bought(user, p["case"], 90.0)
    return p, customers


def ids(row: RecommendationRow | None) -> list[int]:
    return [product.pk for product in row.products] if row else []


def test_buy_it_again_offers_what_is_due_never_a_phone(rebuy_shop, rebuild):
    p, customers = rebuy_shop
    rebuild()
    rows = rows_for_home(user=customers[0])
    assert ids(rows.again) == [p["shampoo"].pk]
    assert rows.again is not None and rows.again.title == "Buy it again"
    assert "about every 40 days" in rows.again.reasons[p["shampoo"].pk]
    # Just bought again: not due yet.
    fresh = UserFactory(username="fresh")
    _bought(fresh, p["shampoo"], 3.0)
    _bought(fresh, p["phone"], 3.0)
    assert ids(rows_for_home(user=fresh).again) == []


def test_the_home_rows_never_repeat_each_others_products(rebuy_shop, rebuild):
    p, customers = rebuy_shop
    rebuild()
    recently_viewed_add(shopper=f"u{customers[0].pk}", product_id=p["case"].pk)
    recently_viewed_add(shopper=f"u{customers[0].pk}", product_id=p["shampoo"].pk)
    rows = rows_for_home(user=customers[0], recent=[p["case"].pk, p["shampoo"].pk])
    assert ids(rows.again) == [p["shampoo"].pk]
    assert ids(rows.recent) == [p["case"].pk]  # the shampoo is in "Buy it again" already
    shown = [pid for row in rows.rows for pid in ids(row)]
    assert len(shown) == len(set(shown))
    assert len({row.key for row in rows.rows}) == len(rows.rows)


def test_a_consenting_visitor_sees_what_they_viewed_newest_first(rebuy_shop, rebuild, client):
    p, _ = rebuy_shop
    rebuild()
    client.cookies[CONSENT_COOKIE] = "analytics"
    for name in ("phone", "case"):
        client.get(p[name].get_absolute_url())
    body = client.get("/").content.decode()
    assert 'data-placement="home_recent"' in body
    recent = body[body.index('data-placement="home_recent"') :]
    recent = recent[: recent.index("</section>")]
    assert recent.index("Phone Case") < recent.index("Pixel Phone")


def test_rows_fill_whole_grid_lines_at_every_width():
    def fill(n: int) -> str:
        return RecommendationRow("home_trending", "", [object()] * n).grid_fill  # type: ignore[list-item]

    assert fill(12) == ""  # 2, 3 and 4 columns: whole lines everywhere
    assert fill(8) == "cut-3-2"  # 3 columns: the last two cards are hidden
    assert fill(7) == "cut-2-1 cut-3-1 cut-4-3"
    assert fill(2) == ""  # fewer than a line: nothing to hide
