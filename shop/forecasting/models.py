"""Demand forecast runs and the per-product forecasts of the current one."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from shop.catalogue.models import Product
from shop.core.models import Run


class ForecastRun(Run):
    """One refresh of the forecasts. Only the current, succeeded run keeps product rows."""

    is_current = models.BooleanField(_("current"), default=False)
    history_days = models.PositiveIntegerField(_("history (days)"), default=0)
    n_products = models.PositiveIntegerField(_("products"), default=0)
    n_with_demand = models.PositiveIntegerField(_("products with demand"), default=0)
    n_low_stock = models.PositiveIntegerField(_("low stock soon"), default=0)
    units_in_history = models.PositiveIntegerField(_("units in history"), default=0)
    backtest_origins = models.PositiveSmallIntegerField(_("backtest origins"), default=0)
    backtest_horizon_days = models.PositiveSmallIntegerField(_("backtest horizon"), default=14)
    # Backtest of the shipped method and of the seasonal naive baseline, on 14-day totals:
    # MAE in units; "MAPE" is WAPE-style (sum of errors / sum of actual units).
    mae = models.FloatField(_("backtest MAE"), null=True, blank=True)
    mape = models.FloatField(_("backtest MAPE (WAPE)"), null=True, blank=True)
    baseline_mae = models.FloatField(_("seasonal naive MAE"), null=True, blank=True)
    baseline_mape = models.FloatField(_("seasonal naive MAPE"), null=True, blank=True)
    # MASE of the same backtest (below 1 beats "the next fortnight sells what the last one
    # did"; comparable across products of any volume), of the shipped forecast, of seasonal
    # naive and of forecasting nothing at all.
    mase = models.FloatField(_("backtest MASE"), null=True, blank=True)
    baseline_mase = models.FloatField(_("seasonal naive MASE"), null=True, blank=True)
    zero_mase = models.FloatField(_("forecast-zero MASE"), null=True, blank=True)
    # What each tier is forecast with, e.g. "regular: sba+ses; intermittent: croston".
    method = models.CharField(_("chosen method"), max_length=200, blank=True)
    # Per demand tier: the chosen method and every candidate's backtest MAE, WAPE (as "mape")
    # and MASE.
    methods = models.JSONField(_("methods"), default=dict, blank=True)
    # The point forecast of the next 14 days' total, chosen per tier by the same backtest
    # among the same candidates plus forecasting nothing (``engine.forecast``): what it is made
    # with per tier (e.g. "regular: sba+ses; intermittent: nothing"), its backtest errors, and
    # per tier its method, products and errors.
    point_method = models.CharField(_("point forecast method"), max_length=200, blank=True)
    point_mae = models.FloatField(_("point forecast MAE"), null=True, blank=True)
    point_wape = models.FloatField(_("point forecast WAPE"), null=True, blank=True)
    point_mase = models.FloatField(_("point forecast MASE"), null=True, blank=True)
    point_methods = models.JSONField(_("point forecast by tier"), default=dict, blank=True)

    class Meta:
        verbose_name = _("forecast run")
        verbose_name_plural = _("forecast runs")
        ordering = ("-started_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="forecasting_one_current_run",
            )
        ]

    def __str__(self) -> str:
        return f"Forecast run {self.pk} ({self.status})"

    @property
    def beats_baseline(self) -> bool | None:
        """By MASE (scale-free); runs stored before it are judged by MAE."""
        if self.mase is not None and self.baseline_mase is not None:
            return self.mase < self.baseline_mase
        if self.mae is None or self.baseline_mae is None:
            return None
        return self.mae < self.baseline_mae


class StockStatus(models.TextChoices):
    # Values are the engine's (``engine.stock``).
    OUT_OF_STOCK = "out_of_stock", _("Out of stock now")
    RUNS_OUT = "runs_out", _("Runs out within lead time")
    ENOUGH = "enough", _("Enough stock")


class ProductForecast(models.Model):
    """A product's expected demand as of its run, and how long its stock lasts."""

    run = models.ForeignKey(ForecastRun, on_delete=models.CASCADE, related_name="forecasts")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="forecasts")
    method = models.CharField(_("method"), max_length=40)
    forecast_14d = models.FloatField(_("forecast 14 days"))
    forecast_30d = models.FloatField(_("forecast 30 days"))
    daily_rate = models.FloatField(_("units per day"))
    backtest_mae = models.FloatField(_("backtest MAE"), null=True, blank=True)
    backtest_mape = models.FloatField(_("backtest MAPE (WAPE)"), null=True, blank=True)
    backtest_mase = models.FloatField(_("backtest MASE"), null=True, blank=True)
    stock_at_run = models.PositiveIntegerField(_("stock at run"))
    # Null when no demand is expected: the stock never runs out.
    days_of_cover = models.FloatField(_("days of cover"), null=True, blank=True)
    stockout_date = models.DateField(_("stock-out date"), null=True, blank=True)
    stock_status = models.CharField(
        _("stock"), max_length=12, choices=StockStatus.choices, default=StockStatus.ENOUGH
    )
    # Order-up-to advice for the lead time plus a week's review, with a safety stock.
    reorder_quantity = models.PositiveIntegerField(_("suggested reorder"), default=0)

    class Meta:
        verbose_name = _("product forecast")
        verbose_name_plural = _("product forecasts")
        constraints = [
            models.UniqueConstraint(fields=["run", "product"], name="forecasting_one_per_run")
        ]
        indexes = [
            models.Index(fields=["run", "days_of_cover"], name="forecasting_run_cover"),
            models.Index(fields=["run", "stock_status"], name="forecasting_run_status"),
        ]

    def __str__(self) -> str:
        return f"{self.product_id}: {self.forecast_14d:.1f} in 14 days"


class LowStockForecast(ProductForecast):
    """The admin's "Low stock soon" list: current forecasts whose stock ends within the
    product's lead time (see ``selectors.low_stock_forecasts``)."""

    class Meta:
        proxy = True
        verbose_name = _("low stock soon")
        verbose_name_plural = _("low stock soon")


class ReorderAdvice(ProductForecast):
    """The admin's "Stock to reorder" list: current forecasts out of stock now or running
    out within the lead time, with the suggested quantity (``selectors.reorder_advice``)."""

    class Meta:
        proxy = True
        verbose_name = _("stock to reorder")
        verbose_name_plural = _("stock to reorder")
