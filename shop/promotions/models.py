"""Promotions, their voucher codes, each code's uses, and variant price history (EU rule)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shop.catalogue.models import Category, Product, ProductType, ProductVariant
from shop.orders import discounts


class PromotionKind(models.TextChoices):
    PERCENTAGE = discounts.PERCENTAGE, _("Percentage off")
    FIXED = discounts.FIXED, _("Fixed amount off")
    FREE_SHIPPING = discounts.FREE_SHIPPING, _("Free shipping")


def _names(text: str) -> frozenset[str]:
    return frozenset(part.strip() for part in text.split(",") if part.strip())


class Promotion(models.Model):
    name = models.CharField(_("name"), max_length=120)
    # Shown to shoppers beside the discount ("Summer sale: 10% off shoes").
    description = models.CharField(_("description"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=PromotionKind.choices)
    value = models.DecimalField(
        _("value"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Percent for a percentage, an amount for a fixed discount."),
    )
    # Scope: each one set must match a line (one of its values is enough); none set = all.
    products = models.ManyToManyField(Product, blank=True, related_name="+")
    product_types = models.ManyToManyField(ProductType, blank=True, related_name="+")
    categories = models.ManyToManyField(
        Category,
        blank=True,
        related_name="+",
        help_text=_("A category covers its subcategories."),
    )
    brands = models.CharField(
        _("brands"), max_length=500, blank=True, help_text=_("Comma-separated brand names.")
    )
    segments = models.CharField(
        _("customer segments"),
        max_length=300,
        blank=True,
        help_text=_("Comma-separated segment names; empty for every shopper."),
    )
    min_spend = models.DecimalField(
        _("minimum spend"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("What the lines in scope must cost, before discounts."),
    )
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    requires_voucher = models.BooleanField(
        _("only with a voucher code"),
        default=False,
        help_text=_("Applies only when the shopper enters one of its vouchers' codes."),
    )
    combinable = models.BooleanField(
        _("combinable"),
        default=True,
        help_text=_("Whether it can stack with other promotions and vouchers."),
    )
    exclusive_group = models.CharField(
        _("exclusivity group"),
        max_length=40,
        blank=True,
        help_text=_("Promotions of one group never stack: the best one for the customer wins."),
    )
    priority = models.SmallIntegerField(
        _("priority"), default=0, help_text=_("Higher applies first when promotions stack.")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("promotion")
        verbose_name_plural = _("promotions")
        ordering = ("-priority", "name", "id")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(value__gte=0) & models.Q(min_spend__gte=0),
                name="promotions_promotion_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=discounts.PERCENTAGE) | models.Q(value__lte=100),
                name="promotions_promotion_percentage_at_most_100",
            ),
            models.CheckConstraint(
                condition=models.Q(starts_at__isnull=True)
                | models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gt=models.F("starts_at")),
                name="promotions_promotion_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["is_active", "ends_at"], name="promotions_live")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind == discounts.PERCENTAGE and self.value > 100:
            raise ValidationError({"value": _("A percentage cannot exceed 100.")})
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A promotion must end after it starts.")})

    @property
    def brand_names(self) -> frozenset[str]:
        return _names(self.brands)

    @property
    def segment_names(self) -> frozenset[str]:
        return _names(self.segments)

    def is_live(self, at: datetime | None = None) -> bool:
        now = at or timezone.now()
        return bool(
            self.is_active
            and (self.starts_at is None or self.starts_at <= now)
            and (self.ends_at is None or now < self.ends_at)
        )


class Voucher(models.Model):
    promotion = models.ForeignKey(
        Promotion, on_delete=models.PROTECT, related_name="vouchers", verbose_name=_("promotion")
    )
    # Unique whatever the case; shoppers may type it in any case.
    code = models.CharField(_("code"), max_length=40)
    max_uses = models.PositiveIntegerField(
        _("total uses allowed"),
        null=True,
        blank=True,
        help_text=_("1 for a single-use code; empty for no limit."),
    )
    max_uses_per_customer = models.PositiveIntegerField(
        _("uses per customer"), null=True, blank=True, default=1, help_text=_("Empty: no limit.")
    )
    starts_at = models.DateTimeField(_("valid from"), null=True, blank=True)
    ends_at = models.DateTimeField(_("valid until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("voucher")
        verbose_name_plural = _("vouchers")
        ordering = ("code",)
        constraints = [
            models.UniqueConstraint(Lower("code"), name="promotions_voucher_code_ci"),
            models.CheckConstraint(
                condition=~models.Q(code=""), name="promotions_voucher_code_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        self.code = self.code.strip()
        clash = Voucher.objects.filter(code__iexact=self.code).exclude(pk=self.pk)
        if self.code and clash.exists():
            raise ValidationError({"code": _("Another voucher has this code.")})


class VoucherUse(models.Model):
    """One order's use of a voucher; a cancelled order's use is released (kept, not counted)."""

    voucher = models.ForeignKey(Voucher, on_delete=models.PROTECT, related_name="uses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    order = models.ForeignKey("orders.Order", on_delete=models.CASCADE, related_name="+")
    amount = models.DecimalField(_("discount given"), max_digits=12, decimal_places=2)
    used_at = models.DateTimeField(_("used"), default=timezone.now)
    released_at = models.DateTimeField(_("given back"), null=True, blank=True)

    class Meta:
        verbose_name = _("voucher use")
        verbose_name_plural = _("voucher uses")
        ordering = ("-used_at", "-id")
        constraints = [
            models.UniqueConstraint(fields=["voucher", "order"], name="promotions_use_per_order")
        ]
        indexes = [models.Index(fields=["voucher", "user"], name="promotions_use_by_user")]

    def __str__(self) -> str:
        return f"{self.voucher_id} on order {self.order_id}"


class VariantPrice(models.Model):
    """A variant's price from ``since`` until the next row: what the EU's "lowest price in the
    previous 30 days" is read from. Written by database triggers on every price change,
    whoever makes it (``price_history``)."""

    variant = models.ForeignKey(ProductVariant, on_delete=models.CASCADE, related_name="+")
    price = models.DecimalField(max_digits=10, decimal_places=2)
    since = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("variant price")
        verbose_name_plural = _("variant price history")
        ordering = ("variant", "-since", "-id")
        indexes = [models.Index(fields=["variant", "-since"], name="promotions_price_since")]

    def __str__(self) -> str:
        return f"{self.variant_id}: {self.price} since {self.since:%Y-%m-%d}"
