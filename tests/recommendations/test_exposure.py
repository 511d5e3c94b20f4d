"""What the rows showed is recorded per product and position (to whom, only as far as the
shopper allowed), clicks carry their position, and the dashboard reads them."""

from __future__ import annotations

import re

import pytest

from recommendations.models import RowEvent
from recommendations.services import exposure as services
from recommendations.services import row_shown_flush
from shop.accounts.factories import UserFactory
from shop.core.consent import ANALYTICS, CONSENT_COOKIE, NECESSARY

pytestmark = pytest.mark.django_db

DASHBOARD = "/admin/recommendations/build/dashboard/"


def shown(placement: str) -> list[RowEvent]:
    return list(RowEvent.objects.filter(kind="shown", placement=placement).order_by("position"))


def test_a_consenting_visitors_row_is_recorded_product_by_product(taste_shop, rebuild, client):
    rebuild()
    client.cookies[CONSENT_COOKIE] = ANALYTICS
    body = client.get("/").content.decode()
    row_shown_flush()  # with Redis they wait in its buffer; without, they are written at once
    events = shown("home_trending")
    assert [e.position for e in events] == list(range(1, len(events) + 1)) and len(events) >= 4
    assert len({e.visitor_key for e in events}) == 1 and events[0].visitor_key
    # The cards link with their position; a click records it.
    second = events[1].product
    assert f"{second.get_absolute_url()}?rec=home_trending&amp;pos=2" in body
    client.get(f"{second.get_absolute_url()}?rec=home_trending&pos=2")
    click = RowEvent.objects.get(kind="clicked")
    assert (click.placement, click.position, click.product_id) == ("home_trending", 2, second.pk)
    assert click.visitor_key == events[0].visitor_key


def test_without_consent_events_carry_no_identifier_and_customers_their_account(
    taste_shop, rebuild, client
):
    products, _ = taste_shop
    rebuild()
    client.cookies[CONSENT_COOKIE] = NECESSARY
    client.get(products["tent"].get_absolute_url())
    customer = UserFactory()
    other = type(client)()
    other.force_login(customer)
    other.get(products["kettle"].get_absolute_url())
    row_shown_flush()
    assert RowEvent.objects.filter(user=None, visitor_key="").exists()
    assert RowEvent.objects.filter(user=customer, visitor_key="").exists()
    assert not RowEvent.objects.exclude(visitor_key="").exists()


@pytest.mark.parametrize("pos", ["", "x", "0", "999", "-1"])
def test_a_click_with_a_bad_position_records_nothing_and_the_page_answers(
    taste_shop, rebuild, client, pos
):
    products, _ = taste_shop
    rebuild()
    response = client.get(f"{products['mug'].get_absolute_url()}?rec=home_trending&pos={pos}")
    assert response.status_code == 200
    assert not RowEvent.objects.filter(kind="clicked").exists()


def test_the_dashboard_shows_ctr_per_position_coverage_concentration_and_novelty(
    taste_shop, rebuild, client, staff_user
):
    products, _ = taste_shop
    rebuild()
    for _ in range(4):
        client.get(products["tent"].get_absolute_url())
    client.get(f"{products['stove'].get_absolute_url()}?rec=product&pos=1")
    row_shown_flush()
    client.force_login(staff_user)
    body = client.get(DASHBOARD).content.decode()
    first = body.split('<tr data-placement="product" data-position="1">')[1].split("</tr>")[0]
    cells = re.findall(r"<td>([^<]+)</td>", first)
    assert cells[1:] == ["1", "5", "1", "20%"]  # shown on 4 tent pages and the stove's page
    coverage = body.split('<tr data-measure="coverage">')[1].split("</tr>")[0]
    assert "/ 5 (" in coverage
    assert re.search(r'data-measure="brand-gini"><th scope="row">[^<]+</th><td>0\.\d{3}', body)
    assert re.search(r'data-measure="novelty"><th scope="row">[^<]+</th><td>\d+\.\d\d', body)


@pytest.mark.redis
def test_with_redis_rows_wait_in_the_buffer_and_a_full_batch_is_written(
    taste_shop, rebuild, client, monkeypatch
):
    products, _ = taste_shop
    rebuild()
    monkeypatch.setattr(services, "SHOWN_BUFFER_BATCH", 5)
    # A full batch is queued for the worker (flush_views); past the limit a page writes one.
    monkeypatch.setattr(services, "SHOWN_BUFFER_LIMIT", 5)
    client.get(products["tent"].get_absolute_url())  # two rows: together and similar
    client.get(products["kettle"].get_absolute_url())
    assert not RowEvent.objects.exists()  # four rows wait
    client.get(products["mug"].get_absolute_url())  # six: past the limit, five are written
    written = RowEvent.objects.count()
    assert written > 0
    assert row_shown_flush() > 0  # the sixth row
    assert row_shown_flush() == 0
