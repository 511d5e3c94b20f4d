"""Shipping zones, methods and the rate of each method in each zone (as in Saleor's
``shipping`` app: zones of countries, methods with prices and delivery days per zone)."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class ShippingZone(models.Model):
    """Countries delivered to alike. A country belongs to one zone at most (checked on save,
    see ``services.shipping_zone_save``); a country in no zone is not served."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    countries = CountryField(_("countries"), multiple=True, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("shipping zone")
        verbose_name_plural = _("shipping zones")
        ordering = ("position", "name")

    def __str__(self) -> str:
        return self.name


class ShippingMethod(models.Model):
    """A way of sending a parcel (standard, express); priced per zone by ``ShippingRate``."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("shipping method")
        verbose_name_plural = _("shipping methods")
        ordering = ("position", "code")

    def __str__(self) -> str:
        return self.name


class ShippingRate(models.Model):
    """What ``method`` costs in ``zone`` (as customers pay it), from which order subtotal it
    is free, and how many working days it takes."""

    zone = models.ForeignKey(
        ShippingZone, on_delete=models.CASCADE, related_name="rates", verbose_name=_("zone")
    )
    method = models.ForeignKey(
        ShippingMethod, on_delete=models.CASCADE, related_name="rates", verbose_name=_("method")
    )
    price = models.DecimalField(
        _("price"), max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    free_over = models.DecimalField(
        _("free from"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Free for orders of at least this subtotal; empty: never free."),
    )
    min_days = models.PositiveSmallIntegerField(_("fastest (working days)"), default=1)
    max_days = models.PositiveSmallIntegerField(_("slowest (working days)"), default=1)

    class Meta:
        verbose_name = _("shipping rate")
        verbose_name_plural = _("shipping rates")
        ordering = ("zone", "method__position")
        constraints = [
            models.UniqueConstraint(fields=["zone", "method"], name="shipping_rate_unique"),
            models.CheckConstraint(
                condition=models.Q(max_days__gte=models.F("min_days")),
                name="shipping_rate_days_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(price__gte=0), name="shipping_rate_price_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.method} ({self.zone})"
