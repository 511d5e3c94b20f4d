"""Tax classes and rates per country, as Saleor's ``TaxClass`` and ``TaxClassCountryRate``."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class TaxClass(models.Model):
    """Goods a country may tax at other than its standard rate (printed books, children's
    clothes...). Product types name their class; without one, the standard rate applies."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("tax class")
        verbose_name_plural = _("tax classes")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class TaxRate(models.Model):
    """A country's rate for a tax class; with no class, the country's standard rate (which
    also applies to classes the country has no rate of its own for)."""

    country = CountryField(_("country"))
    tax_class = models.ForeignKey(
        TaxClass,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="rates",
        verbose_name=_("tax class"),
        help_text=_("Empty for the country's standard rate."),
    )
    rate = models.DecimalField(
        _("rate (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )

    class Meta:
        verbose_name = _("tax rate")
        verbose_name_plural = _("tax rates")
        ordering = ("country", "tax_class__name")
        constraints = [
            models.UniqueConstraint(
                fields=["country"],
                condition=models.Q(tax_class__isnull=True),
                name="taxes_one_standard_rate_per_country",
            ),
            models.UniqueConstraint(
                fields=["country", "tax_class"],
                condition=models.Q(tax_class__isnull=False),
                name="taxes_one_rate_per_country_and_class",
            ),
            models.CheckConstraint(
                condition=models.Q(rate__gte=0, rate__lte=100), name="taxes_rate_in_range"
            ),
        ]

    def __str__(self) -> str:
        label = self.tax_class.name if self.tax_class is not None else _("standard")
        return f"{self.country}: {label} {self.rate}%"
