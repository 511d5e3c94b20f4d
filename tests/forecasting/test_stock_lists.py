"""The two stock lists staff reorder from: "Stock to reorder" (out of stock now, then runs out
within the lead time, with a suggested quantity) and "Low stock soon" (still in stock), and the
run's MASE and chosen method."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shop.accounts.factories import UserFactory
from shop.catalogue.factories import ProductFactory
from shop.forecasting.factories import OrderLineFactory
from shop.forecasting.models import ForecastRun, ProductForecast, StockStatus
from shop.forecasting.selectors import low_stock_forecasts, reorder_advice
from shop.forecasting.services import forecast_refresh

from .conftest import days_ago

pytestmark = pytest.mark.django_db
REORDER_URL = "/admin/forecasting/reorderadvice/"
LOW_STOCK_URL = "/admin/forecasting/lowstockforecast/"
RUNS_URL = "/admin/forecasting/forecastrun/"


@pytest.fixture
def forecasting_staff(db):  # type: ignore[no-untyped-def]
    """Staff who may view forecasts and nothing else (not a superuser)."""
    user = UserFactory(username="planner", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="forecasting", codename__startswith="view_"
        )
    )
    return user


@pytest.fixture
def sold_out(steady_sellers):  # type: ignore[no-untyped-def]
    """Beside the steady sellers: a product selling a unit a day with nothing left."""
    empty = ProductFactory(title="Empty Teapot", stock_quantity=0, lead_time_days=10)
    empty.created_at = days_ago(120)
    empty.save(update_fields=["created_at"])
    for day in range(1, 57):
        OrderLineFactory(product=empty, quantity=1, order__created_at=days_ago(day))
    return {**steady_sellers, "empty": empty}


def test_statuses_and_reorder_quantities(sold_out):
    run = forecast_refresh()
    rows = {f.product_id: f for f in ProductForecast.objects.filter(run=run)}
    empty, scarce, plenty = (rows[sold_out[k].pk] for k in ("empty", "scarce", "plenty"))

    assert empty.stock_status == StockStatus.OUT_OF_STOCK and empty.days_of_cover == 0
    assert scarce.stock_status == StockStatus.RUNS_OUT
    assert plenty.stock_status == StockStatus.ENOUGH and plenty.reorder_quantity == 0
    # Over 10 days of lead time and a week's review at about a unit a day, plus safety stock.
    assert 17 <= empty.reorder_quantity <= 40
    # Two a day over 7 + 7 days, less the 3 on hand, plus safety stock.
    assert 25 <= scarce.reorder_quantity <= 60

    assert [f.product_id for f in reorder_advice()] == [sold_out["empty"].pk, sold_out["scarce"].pk]
    low = list(low_stock_forecasts())
    assert [f.product_id for f in low] == [sold_out["scarce"].pk]
    assert all(f.product.stock_quantity > 0 for f in low)
    assert all(f.days_of_cover <= f.product.lead_time_days for f in low)
    assert run.n_low_stock == 1


def test_run_stores_mase_and_the_chosen_method(sold_out):
    run = forecast_refresh()
    run.refresh_from_db()

    assert run.mase is not None and run.baseline_mase is not None and run.zero_mase is not None
    assert run.beats_baseline == (run.mase < run.baseline_mase)
    assert run.method.startswith("regular: ")
    regular = run.methods["regular"]
    assert regular["mase"] is not None
    assert all("mase" in scores for scores in regular["candidates"].values())
    with_mase = [f for f in ProductForecast.objects.filter(run=run) if f.backtest_mase is not None]
    assert with_mase


def test_pages_for_staff_with_view_permission(client, forecasting_staff, sold_out):
    run = forecast_refresh()
    client.force_login(forecasting_staff)

    page = client.get(REORDER_URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Empty Teapot" in html and "Scarce Kettle" in html and "Plentiful Mug" not in html
    assert "Out of stock now" in html and "Runs out within lead time" in html
    assert "MASE" in html and run.method in html
    only_out = client.get(REORDER_URL, {"stock_status__exact": "out_of_stock"}).content.decode()
    assert "Empty Teapot" in only_out and "Scarce Kettle" not in only_out
    for column in range(1, 9):
        assert client.get(REORDER_URL, {"o": f"-{column}"}).status_code == 200

    low = client.get(LOW_STOCK_URL).content.decode()
    assert "Scarce Kettle" in low and "Empty Teapot" not in low

    runs = client.get(RUNS_URL).content.decode()
    assert "MASE (seasonal naive)" in runs and run.method in runs
    detail = client.get(f"{RUNS_URL}{run.pk}/change/").content.decode()
    assert "seasonal_naive" in detail and "MASE" in detail and "WAPE" in detail


def test_pages_refuse_staff_without_permission(client, db):
    client.force_login(UserFactory(username="clerk", is_staff=True))
    for url in (REORDER_URL, LOW_STOCK_URL, RUNS_URL):
        assert client.get(url).status_code == 403


def _queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_reorder_list_costs_the_same_queries_for_more_rows(client, forecasting_staff, sold_out):
    forecast_refresh()
    client.force_login(forecasting_staff)
    few = _queries(client, REORDER_URL)
    low_few = _queries(client, LOW_STOCK_URL)

    for k in range(6):
        product = ProductFactory(title=f"Gone {k}", stock_quantity=0, lead_time_days=7)
        product.created_at = days_ago(120)
        product.save(update_fields=["created_at"])
        for day in range(1, 30):
            OrderLineFactory(product=product, quantity=1, order__created_at=days_ago(day))
    forecast_refresh()
    assert ForecastRun.objects.get(is_current=True)
    assert reorder_advice().count() == 8
    # Session and user, the run summary, the count and the rows: nothing per row.
    assert _queries(client, REORDER_URL) == few == 7
    assert _queries(client, LOW_STOCK_URL) == low_few
