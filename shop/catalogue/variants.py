"""What a shopper actually buys: a product's variants, each with its SKU, price, stock and
image, told apart by their option values (colour, size). Every product has at least one; a
product without options has one, its default.

``Product.price`` and ``Product.stock_quantity`` are kept by the catalogue's services as the
lowest price and the total stock of its variants (``services.product_variants_sync`` and the
stock services), so listings sort, filter and page on indexed columns without a join.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ProductVariant(models.Model):
    product = models.ForeignKey(
        "catalogue.Product",
        on_delete=models.CASCADE,
        related_name="variants",
        verbose_name=_("product"),
    )
    sku = models.CharField(_("SKU"), max_length=60, unique=True)
    # "Camel / XL": the option values in the type's order, kept by the services.
    name = models.CharField(_("name"), max_length=200, blank=True)
    price = models.DecimalField(
        _("price"), max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    stock_quantity = models.PositiveIntegerField(_("stock"), default=0)
    image = models.ImageField(_("image"), upload_to="variants/", blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    options = models.ManyToManyField(
        "catalogue.AttributeValue", through="VariantOption", related_name="+", blank=True
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("variant")
        verbose_name_plural = _("variants")
        ordering = ("product", "position", "id")
        indexes = [models.Index(fields=["product", "position"], name="catalogue_variant_order")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(price__gte=0), name="catalogue_variant_price_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.product.title} ({self.name})" if self.name else self.product.title

    @property
    def title(self) -> str:
        """How lines and messages name it: "Arden Knit Cardigan (Camel / XL)"."""
        return str(self)

    @property
    def image_url(self) -> str:
        if self.image:
            return str(self.image.url)
        return str(self.product.image_url) if self.product_id else static("img/placeholder.svg")

    @property
    def in_stock(self) -> bool:
        return self.is_active and self.stock_quantity > 0


class VariantOption(models.Model):
    """A variant's value of one of its type's variant attributes."""

    variant = models.ForeignKey(
        ProductVariant, on_delete=models.CASCADE, related_name="option_values"
    )
    value = models.ForeignKey(
        "catalogue.AttributeValue", on_delete=models.PROTECT, related_name="variant_options"
    )

    class Meta:
        verbose_name = _("variant option")
        verbose_name_plural = _("variant options")
        constraints = [
            models.UniqueConstraint(fields=["variant", "value"], name="catalogue_variant_value")
        ]

    def __str__(self) -> str:
        return str(self.value)
