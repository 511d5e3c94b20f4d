"""The home row follows the visit: what the shopper just viewed re-ranks it, no rebuild."""

from __future__ import annotations

import pytest

from recommendations.models import Interaction
from recommendations.selectors import recently_viewed, row_for_home
from recommendations.services import interaction_buffer_flush, recently_viewed_add
from shop.accounts.factories import UserFactory
from shop.core.consent import CONSENT_COOKIE

pytestmark = pytest.mark.django_db


def titles(row) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.title for p in row.products]


def test_a_visitors_views_turn_trending_into_recommended_for_them(taste_shop, rebuild):
    products, _ = taste_shop
    rebuild()
    assert row_for_home(user=None).placement == "home_trending"
    row = row_for_home(user=None, recent=[products["kettle"].pk])
    assert row.placement == "home_personal"
    assert titles(row)[0] == "Enamel Mug"
    assert row.reasons[products["mug"].pk] == "Because you viewed Steel Kettle"
    # The next view moves the row at once: the tent's stove leads.
    row = row_for_home(user=None, recent=[products["kettle"].pk, products["tent"].pk])
    assert titles(row)[0] == "Camp Stove"


def test_a_customers_row_leans_to_what_they_view_now(taste_shop, rebuild):
    products, customers = taste_shop
    rebuild()
    kettle_buyer = customers[-1]  # bought a kettle and a mug
    before = titles(row_for_home(user=kettle_buyer))
    assert before[0] != "Camp Stove"
    # The view is stored at once (a customer's always is) and weighs more while the visit lasts.
    Interaction.objects.create(user=kettle_buyer, product=products["tent"], kind="view")
    after = titles(row_for_home(user=kettle_buyer, recent=[products["tent"].pk]))
    assert after[0] == "Camp Stove" and "Alpine Tent" not in after


def test_hidden_products_are_no_seeds_and_no_suggestions(taste_shop, rebuild):
    products, _ = taste_shop
    rebuild()
    hidden = frozenset({products["mug"].pk})
    row = row_for_home(user=None, recent=[products["kettle"].pk], hidden=hidden)
    assert "Enamel Mug" not in titles(row)
    only_hidden = row_for_home(
        user=None, recent=[products["kettle"].pk], hidden=frozenset({products["kettle"].pk})
    )
    assert only_hidden.placement == "home_trending"


def test_the_visit_keeps_each_product_once_newest_last_and_a_dozen_at_most():
    for pid in [1, 2, 3, 2, 2, *range(10, 30)]:
        recently_viewed_add(shopper="vabc", product_id=pid)
    assert recently_viewed(shopper="vabc") == list(range(18, 30))
    for pid in [1, 2, 1]:
        recently_viewed_add(shopper="u7", product_id=pid)
    assert recently_viewed(shopper="u7") == [2, 1]
    recently_viewed_add(shopper="", product_id=1)  # nobody: nothing kept
    assert recently_viewed(shopper="") == []


def test_a_customer_without_history_or_views_sees_trending(taste_shop, rebuild):
    rebuild()
    assert row_for_home(user=UserFactory()).placement == "home_trending"


def home_row(client) -> str:  # type: ignore[no-untyped-def]
    body = client.get("/").content.decode()
    start = body.index('class="product-row recommendation-row"')
    return body[start : body.index("</section>", start)]


def test_through_the_pages_a_consenting_visitors_home_follows_their_visit(
    taste_shop, rebuild, client, settings
):
    settings.STOREFRONT_PAGE_CACHE = True
    products, _ = taste_shop
    rebuild()
    client.cookies[CONSENT_COOKIE] = "analytics"
    assert 'data-placement="home_trending"' in home_row(client)
    client.get(products["kettle"].get_absolute_url())
    row = home_row(client)
    assert 'data-placement="home_personal"' in row
    assert "Because you viewed Steel Kettle" in row


def test_without_consent_a_visitors_views_are_not_kept(taste_shop, rebuild, client):
    products, _ = taste_shop
    rebuild()
    client.cookies[CONSENT_COOKIE] = "necessary"
    client.get(products["kettle"].get_absolute_url())
    assert "visitor" not in client.cookies
    assert 'data-placement="home_trending"' in home_row(client)


def test_choosing_necessary_only_forgets_the_visitors_recent_views(
    taste_shop, rebuild, client, django_capture_on_commit_callbacks
):
    products, _ = taste_shop
    rebuild()
    client.cookies[CONSENT_COOKIE] = "analytics"
    client.get(products["kettle"].get_absolute_url())
    visitor = client.cookies["visitor"].value.split(":")[0]
    assert recently_viewed(shopper=f"v{visitor}") == [products["kettle"].pk]
    assert 'data-placement="home_personal"' in home_row(client)

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/cookies/", {"choice": "necessary", "next": "/"})
    assert recently_viewed(shopper=f"v{visitor}") == []
    interaction_buffer_flush()
    assert not Interaction.objects.filter(session_key=visitor, kind="view").exists()
    assert 'data-placement="home_trending"' in home_row(client)
