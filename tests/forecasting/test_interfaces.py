"""What staff and operators use: the admin pages, the management command and the task."""

from __future__ import annotations

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from shop.forecasting.models import ForecastRun
from shop.forecasting.services import forecast_refresh
from shop.forecasting.tasks import forecast_refresh as forecast_refresh_task

pytestmark = pytest.mark.django_db
LOW_STOCK_URL = "/admin/forecasting/lowstockforecast/"
RUNS_URL = "/admin/forecasting/forecastrun/"


def test_low_stock_page_for_staff(client, staff_user, steady_sellers):
    forecast_refresh()
    client.force_login(staff_user)

    page = client.get(LOW_STOCK_URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Scarce Kettle" in html and "Plentiful Mug" not in html
    assert "Seasonal naive" in html and "<caption>" in html and "MASE" in html

    for column in range(1, 9):
        assert client.get(LOW_STOCK_URL, {"o": f"-{column}"}).status_code == 200
    assert "Scarce Kettle" not in client.get(LOW_STOCK_URL, {"q": "mug"}).content.decode()


def test_low_stock_page_before_any_forecast(client, staff_user):
    client.force_login(staff_user)

    page = client.get(LOW_STOCK_URL)
    assert page.status_code == 200 and "No forecast yet" in page.content.decode()


@pytest.mark.parametrize("url", [LOW_STOCK_URL, RUNS_URL])
def test_forecast_pages_are_for_staff_only(client, customer_client, url):
    assert customer_client.get(url).status_code == 302
    assert "/admin/login/" in customer_client.get(url)["Location"]
    assert client.get(url).status_code == 302


def test_run_history_and_refresh_button(client, staff_user, steady_sellers):
    client.force_login(staff_user)

    assert client.get(RUNS_URL + "refresh/").status_code == 405
    response = client.post(RUNS_URL + "refresh/")
    assert response.status_code == 302
    run = ForecastRun.objects.get()
    assert run.is_current  # eager Celery in tests ran it in-process
    listing = client.get(RUNS_URL)
    assert listing.status_code == 200 and "Refresh now" in listing.content.decode()
    assert "Point forecast: MASE (WAPE)" in listing.content.decode()
    detail = client.get(f"{RUNS_URL}{run.pk}/change/")
    assert detail.status_code == 200 and "seasonal_naive" in detail.content.decode()


def test_run_page_shows_the_point_forecast_beside_the_planning_one(client, staff_user):
    run = ForecastRun.objects.create(
        status=ForecastRun.Status.SUCCEEDED,
        method="regular: sba+ses",
        methods={"regular": {"method": "sba+ses", "products": 4, "mase": 0.81, "wape": 0.42}},
        point_method="regular: croston",
        point_mase=0.77,
        point_wape=0.4,
        point_mae=1.5,
        point_methods={"regular": {"method": "croston", "products": 4, "mase": 0.77, "wape": 0.4}},
    )
    client.force_login(staff_user)

    listing = client.get(RUNS_URL).content.decode()
    assert "0.77 (40%)" in listing
    detail = client.get(f"{RUNS_URL}{run.pk}/change/").content.decode()
    assert "Point forecast method" in detail and "regular: croston" in detail
    row = (
        "<tr><td>regular</td><td>4</td><td>sba+ses</td><td>0.81</td><td>42%</td>"
        "<td>croston</td><td>0.77</td><td>40%</td></tr>"
    )
    assert row in detail


def test_management_command_prints_progress_and_figures(steady_sellers):
    out = StringIO()
    call_command("forecast_refresh", stdout=out)

    text = out.getvalue()
    assert "Reading 364 days of sales" in text and "Backtesting" in text
    assert "low on stock soon" in text and "seasonal naive" in text
    assert ForecastRun.objects.get().is_current


def test_management_command_rejects_a_too_short_history():
    with pytest.raises(CommandError, match="at least 7"):
        call_command("forecast_refresh", history_days=3, stdout=StringIO())


def test_nightly_task_is_the_scheduled_one_and_refreshes(steady_sellers):
    scheduled = settings.CELERY_BEAT_SCHEDULE["forecasting-nightly-refresh"]["task"]
    assert forecast_refresh_task.name == scheduled

    run_id = forecast_refresh_task.delay().get()
    again = forecast_refresh_task.delay().get()  # a retry is harmless: it just replaces
    assert ForecastRun.objects.get(pk=again).is_current
    assert not ForecastRun.objects.get(pk=run_id).is_current
