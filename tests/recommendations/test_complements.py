"""'Frequently bought together' and 'Complete your order': complements from baskets, never a
second product of a basket item's type, never dearer than the basket unless bought with it."""

from __future__ import annotations

import pytest

from recommendations.models import Build
from recommendations.selectors import row_for_cart, row_for_product, row_for_product_together
from shop.accounts.factories import UserFactory
from shop.catalogue.factories import ProductFactory
from shop.forecasting.factories import OrderFactory, OrderLineFactory

pytestmark = pytest.mark.django_db


def titles(row) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.title for p in row.products]


def test_a_phone_is_bought_with_its_accessories_never_with_another_phone(phone_shop, rebuild):
    p = phone_shop
    build = rebuild()
    assert build.status == Build.Status.SUCCEEDED
    together = titles(row_for_product_together(product=p["phone"]))
    assert set(together) == {"Phone Case", "Fast Charger"}
    # The other phone is a neighbour (looked at by the same shoppers): "Similar items".
    assert "Galaxy Phone" in titles(row_for_product(product=p["phone"]))


def test_a_cart_with_a_phone_is_completed_by_accessories(phone_shop, rebuild, client):
    p = phone_shop
    rebuild()
    row = row_for_cart(product_ids=[p["phone"].pk])
    shown = titles(row)
    assert shown[:2] in (["Phone Case", "Fast Charger"], ["Fast Charger", "Phone Case"])
    assert "Galaxy Phone" not in shown and "Pixel Phone" not in shown
    assert row.reasons[p["case"].pk] == "Often bought with Pixel Phone"
    # Trending products fill the row, under the rules: never the laptop (dearer than the
    # phone, never bought with it); the mouse may come, with no reason given.
    assert "Laptop Pro" not in shown
    assert p["mouse"].pk not in row.reasons


def test_a_case_may_bring_the_phone_it_was_bought_with_but_not_an_unrelated_laptop(
    phone_shop, rebuild
):
    p = phone_shop
    rebuild()
    shown = titles(row_for_cart(product_ids=[p["case"].pk]))
    assert "Pixel Phone" in shown  # dearer, but in 10 baskets with a case at a lift above 1
    assert "Laptop Pro" not in shown and "Phone Case" not in shown


def test_the_rows_through_the_page_and_the_api(phone_shop, rebuild, client):
    p = phone_shop
    rebuild()
    body = client.get(p["phone"].get_absolute_url()).content.decode()
    assert 'data-placement="product_together"' in body and "Frequently bought together" in body
    data = client.get(f"/api/recommendations/product/{p['phone'].pk}/together/").json()
    assert data["placement"] == "product_together"
    assert {item["product"]["title"] for item in data["items"]} == {"Phone Case", "Fast Charger"}
    assert client.get("/api/recommendations/product/999999/together/").status_code == 404


def test_without_a_build_the_together_row_claims_nothing(phone_shop):
    assert row_for_product_together(product=phone_shop["phone"]).products == []


def test_a_type_that_covers_most_of_the_catalogue_excludes_nothing(rebuild):
    """A shop that files everything under one type still gets complements."""
    general = [ProductFactory(title=f"Thing {n}") for n in range(4)]
    for n in range(6):
        order = OrderFactory(user=UserFactory(username=f"buyer{n}"))
        for product in general[:2]:
            OrderLineFactory(order=order, product=product)
    build = rebuild()
    assert build.broad_type_ids == [general[0].product_type_id]
    assert titles(row_for_product_together(product=general[0])) == ["Thing 1"]


def test_the_order_page_suggests_what_goes_with_what_was_ordered(phone_shop, rebuild, client):
    p = phone_shop
    rebuild()
    customer = UserFactory()
    order = OrderFactory(user=customer)
    OrderLineFactory(order=order, product=p["phone"], unit_price=p["phone"].price)
    client.force_login(customer)
    body = client.get(f"/orders/{order.number}/").content.decode()
    start = body.index('data-placement="order"')
    row = body[start : body.index("</section>", start)]
    assert "Goes with your order" in row
    shown = [part.split("<")[0] for part in row.split('product-card-title">')[1:]]
    assert sorted(shown) == ["Fast Charger", "Phone Case", "Quiet Mouse"]
    assert "Often bought with Pixel Phone" in row
