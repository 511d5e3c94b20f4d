"""Catalogue: a category tree and the products in it; types, attributes and variants live in
``product_types.py`` and ``variants.py`` (imported at the end, so Django sees them here)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MinValueValidator
from django.db import models
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PLACEHOLDER_IMAGE = "img/placeholder.svg"


class Category(models.Model):
    """A node of the category tree; products hang from any node, usually the leaves."""

    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ("position", "name")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalogue:category", kwargs={"slug": self.slug})


class Product(models.Model):
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="products", verbose_name=_("category")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    product_type = models.ForeignKey(
        "catalogue.ProductType",
        on_delete=models.PROTECT,
        related_name="products",
        verbose_name=_("product type"),
    )
    # The product's reference (style number); each variant has its own SKU.
    sku = models.CharField(_("reference"), max_length=40, unique=True)
    brand = models.CharField(_("brand"), max_length=100, blank=True, db_index=True)
    description = models.TextField(_("description"), blank=True)
    # The lowest price and the total stock of the product's variants, kept by the services
    # (see variants.py): listings sort and filter on them without a join.
    price = models.DecimalField(
        _("price from"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        default=Decimal("0"),
    )
    currency = models.CharField(_("currency"), max_length=3, default=settings.SHOP_CURRENCY)
    stock_quantity = models.PositiveIntegerField(_("stock"), default=0)
    # Days the supplier needs to restock it: demand forecasts flag products whose stock will not
    # last that long.
    lead_time_days = models.PositiveSmallIntegerField(
        _("lead time (days)"),
        default=7,
        validators=[MinValueValidator(1)],
        help_text=_("Days the supplier needs to deliver new stock."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    image = models.ImageField(_("main image"), upload_to="products/", blank=True)
    # Denormalised, kept on write by the ratings services so pages never aggregate reviews.
    rating_average = models.DecimalField(
        _("average rating"), max_digits=3, decimal_places=2, default=Decimal("0")
    )
    rating_count = models.PositiveIntegerField(_("number of ratings"), default=0)
    # Recent weighted demand; refreshed from sales and interactions, used to sort by popularity.
    popularity = models.FloatField(_("popularity"), default=0.0)
    # Attribute and option values and variant SKUs, for search (kept by the services).
    attributes_text = models.TextField(_("attributes (for search)"), blank=True, editable=False)
    # Maintained by a PostgreSQL trigger (see migrations 0002, 0005); unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ("-created_at", "id")
        indexes = [
            models.Index(fields=["is_active", "category"], name="catalogue_active_category"),
            models.Index(fields=["price"], name="catalogue_product_price"),
            models.Index(fields=["-popularity"], name="catalogue_product_popularity"),
            models.Index(fields=["-rating_average"], name="catalogue_product_rating"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(price__gte=0), name="catalogue_product_price_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(rating_average__gte=0, rating_average__lte=5),
                name="catalogue_product_rating_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("catalogue:product", kwargs={"slug": self.slug})

    @property
    def image_url(self) -> str:
        if self.image:
            return str(self.image.url)
        return static(PLACEHOLDER_IMAGE)

    @property
    def in_stock(self) -> bool:
        return self.stock_quantity > 0


from .product_types import (  # noqa: E402  (after Product: they refer to it by name)
    Attribute,
    AttributeValue,
    ProductAttributeValue,
    ProductType,
    ProductTypeAttribute,
    Unit,
)
from .variants import ProductVariant, VariantOption  # noqa: E402

__all__ = [
    "PLACEHOLDER_IMAGE",
    "Attribute",
    "AttributeValue",
    "Category",
    "Product",
    "ProductAttributeValue",
    "ProductType",
    "ProductTypeAttribute",
    "ProductVariant",
    "Unit",
    "VariantOption",
]
