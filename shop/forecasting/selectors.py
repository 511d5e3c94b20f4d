"""Reads for the forecasts: the sales history as arrays for the engine, and the admin lists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import numpy as np
import numpy.typing as npt
from django.db.models import F, QuerySet
from django.utils import timezone

from shop.catalogue.models import Product
from shop.orders.selectors import daily_units_sold

from .engine.history import daily_matrix
from .engine.methods import DemandHistory
from .models import ForecastRun, LowStockForecast, ReorderAdvice, StockStatus


@dataclass(frozen=True, slots=True, eq=False)
class SalesHistory:
    """The engine's input plus what the service needs to store results against it."""

    history: DemandHistory
    product_ids: npt.NDArray[np.int64]
    stock: npt.NDArray[np.float64]
    lead_time_days: npt.NDArray[np.float64]
    start: date
    today: date

    @property
    def units(self) -> int:
        return int(self.history.units.sum())


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def sales_history(*, today: date, history_days: int) -> SalesHistory:
    """Daily units sold per active product over the ``history_days`` full days before
    ``today`` (shop time zone), in two queries whatever the catalogue size: one for the
    products, one aggregate of order lines per product and day."""
    start = today - timedelta(days=history_days)
    products = list(
        Product.objects.filter(is_active=True)
        .order_by("pk")
        .values_list("pk", "stock_quantity", "created_at", "lead_time_days")
    )
    product_ids = np.array([row[0] for row in products], dtype=np.int64)
    stock = np.array([row[1] for row in products], dtype=np.float64)
    lead_times = np.array([row[3] for row in products], dtype=np.float64)
    listed = np.array(
        [(timezone.localdate(row[2]) - start).days for row in products], dtype=np.int64
    )
    rows = daily_units_sold(start=_local_midnight(start), end=_local_midnight(today))
    sold_ids = np.array([row[0] for row in rows], dtype=np.int64)
    days = np.array([(row[1] - start).days for row in rows], dtype=np.int64)
    units = np.array([row[2] for row in rows], dtype=np.float64)
    position = np.searchsorted(product_ids, sold_ids) if product_ids.size else sold_ids * 0
    matrix = daily_matrix(position, days, units, n_products=product_ids.size, n_days=history_days)
    history = DemandHistory(
        units=matrix,
        first_day=np.clip(listed, 0, history_days),
        start_weekday=start.weekday(),
    )
    return SalesHistory(history, product_ids, stock, lead_times, start, today)


def current_run() -> ForecastRun | None:
    return ForecastRun.objects.filter(is_current=True).first()


def low_stock_forecasts() -> QuerySet[LowStockForecast]:
    """Current forecasts of products still in stock whose stock runs out within their
    supplier lead time, soonest first (products out of stock now are in ``reorder_advice``);
    stock and lead time are read live, so a delivery or an edited lead time shows at once."""
    return (
        LowStockForecast.objects.filter(
            run__is_current=True,
            product__stock_quantity__gt=0,
            days_of_cover__isnull=False,
            days_of_cover__lte=F("product__lead_time_days"),
        )
        .select_related("product", "product__category", "run")
        .order_by("days_of_cover", "-forecast_14d", "product_id")
    )


def reorder_advice() -> QuerySet[ReorderAdvice]:
    """Current forecasts with something to reorder: out of stock now first, then those that
    run out within their lead time, soonest first; each with its suggested quantity."""
    return (
        ReorderAdvice.objects.filter(
            run__is_current=True,
            stock_status__in=(StockStatus.OUT_OF_STOCK, StockStatus.RUNS_OUT),
            reorder_quantity__gt=0,
        )
        .select_related("product", "run")
        .order_by("stock_status", "days_of_cover", "-forecast_30d", "product_id")
    )
