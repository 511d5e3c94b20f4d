"""The refresh service end to end: history from orders, stored forecasts, atomic swap."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from shop.catalogue.models import Product
from shop.forecasting import services
from shop.forecasting.engine import forecast_demand
from shop.forecasting.models import ForecastRun, ProductForecast
from shop.forecasting.selectors import low_stock_forecasts, sales_history
from shop.forecasting.services import forecast_refresh

pytestmark = pytest.mark.django_db


def test_history_counts_only_real_demand(steady_sellers, django_assert_max_num_queries):
    from django.utils import timezone

    with django_assert_max_num_queries(2):
        sales = sales_history(today=timezone.localdate(), history_days=70)
    totals = sales.history.units.sum(axis=1).tolist()
    by_product = dict(zip(sales.product_ids.tolist(), totals, strict=True))

    assert by_product[steady_sellers["scarce"].pk] == 112
    assert by_product[steady_sellers["plenty"].pk] == 56
    assert by_product[steady_sellers["undone"].pk] == 0
    assert sales.history.units[:, -1].sum() == 3  # yesterday; today is left out


def test_refresh_stores_forecasts_and_flags_low_stock(steady_sellers):
    run = forecast_refresh()

    run.refresh_from_db()
    assert run.status == ForecastRun.Status.SUCCEEDED and run.is_current
    forecasts = {f.product_id: f for f in ProductForecast.objects.filter(run=run)}
    scarce = forecasts[steady_sellers["scarce"].pk]
    assert scarce.forecast_14d == pytest.approx(28, rel=0.2)
    assert scarce.forecast_30d == pytest.approx(60, rel=0.2)
    assert scarce.days_of_cover == pytest.approx(1.5, abs=0.5)
    assert scarce.stockout_date is not None
    assert forecasts[steady_sellers["undone"].pk].forecast_30d == 0
    assert forecasts[steady_sellers["undone"].pk].days_of_cover is None
    # Steady sales are easy: both the forecast and the baseline are (nearly) exact.
    assert run.mae is not None and run.mae <= run.baseline_mae + 1e-9 and run.mae < 1

    listed = list(low_stock_forecasts().values_list("product_id", flat=True))
    assert listed == [steady_sellers["scarce"].pk]
    assert run.n_low_stock == 1

    # The lead time is read live: a product whose supplier is slow enough joins the list.
    Product.objects.filter(pk=steady_sellers["plenty"].pk).update(lead_time_days=32000)
    assert steady_sellers["plenty"].pk in set(
        low_stock_forecasts().values_list("product_id", flat=True)
    )


def test_refresh_stores_the_point_forecast_chosen_per_tier(steady_sellers):
    from django.utils import timezone

    run = forecast_refresh()
    run.refresh_from_db()
    sales = sales_history(today=timezone.localdate(), history_days=services.HISTORY_DAYS)
    result = forecast_demand(sales.history, sales.stock)

    point = {choice.tier: choice for choice in result.point_choices}
    assert set(run.point_methods) == set(point) == {"regular", "intermittent", "dormant"}
    for tier, stored in run.point_methods.items():
        assert stored["method"] == point[tier].method
        assert stored["products"] == point[tier].products
    # Both steady sellers are regular; their tier's point forecast has backtest errors.
    regular = run.point_methods["regular"]
    assert regular["products"] == 2
    assert regular["mase"] == pytest.approx(point["regular"].combined.mase, abs=1e-4)
    assert regular["wape"] == pytest.approx(point["regular"].combined.wape, abs=1e-4)
    assert run.point_method.startswith(f"regular: {point['regular'].method}")
    assert run.point_mase == pytest.approx(result.point.mase, abs=1e-4)
    assert run.point_wape == pytest.approx(result.point.wape, abs=1e-4)
    assert run.point_mae == pytest.approx(result.point.mae, abs=1e-4)
    # Forecasting nothing is among the point forecast's candidates, so it is never worse.
    assert run.point_mase <= run.zero_mase + 1e-9


def test_a_new_run_replaces_the_previous_forecasts(steady_sellers):
    first = forecast_refresh()
    second = forecast_refresh()

    first.refresh_from_db()
    assert not first.is_current and second.is_current
    assert not ProductForecast.objects.filter(run=first).exists()
    assert ProductForecast.objects.filter(run=second).count() == 3


def test_a_failed_run_leaves_the_previous_forecasts(steady_sellers, monkeypatch):
    previous = forecast_refresh()
    kept = set(ProductForecast.objects.values_list("pk", "forecast_14d"))

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_make_current", broken)
    with pytest.raises(RuntimeError):
        forecast_refresh()

    failed = ForecastRun.objects.exclude(pk=previous.pk).get()
    assert failed.status == ForecastRun.Status.FAILED and "disk full" in failed.error
    assert not failed.is_current
    previous.refresh_from_db()
    assert previous.is_current
    assert set(ProductForecast.objects.values_list("pk", "forecast_14d")) == kept


def test_refresh_on_the_seeded_small_demo():
    call_command("seed_demo", size="small", no_images=True, stdout=StringIO())
    run = forecast_refresh()

    active = Product.objects.filter(is_active=True).count()
    assert run.n_products == active == ProductForecast.objects.filter(run=run).count()
    assert run.units_in_history > 0 and run.backtest_origins > 0
    assert set(run.methods) == {"regular", "intermittent", "dormant"}
    for forecast in low_stock_forecasts():
        assert forecast.days_of_cover <= forecast.product.lead_time_days
    assert Product.objects.exclude(lead_time_days=7).exists()  # demo lead times vary


def test_old_runs_are_pruned(steady_sellers):
    for _ in range(3):
        forecast_refresh()

    assert services.forecast_runs_prune(keep=1) == 2
    assert ForecastRun.objects.get().is_current
