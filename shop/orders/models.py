"""Carts of signed-in customers, orders with their lines, status history and payments."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shop.catalogue.models import Product, ProductVariant
from shop.shipping.selectors import country_name

from .carriers import CHOICES as CARRIERS
from .carriers import carrier_get


class Cart(models.Model):
    """A signed-in customer's cart. Anonymous carts live in the session (see ``cart.py``)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cart"
    )
    updated_at = models.DateTimeField(auto_now=True)
    # The voucher code the customer applied, checked again whenever the cart is priced.
    voucher_code = models.CharField(_("voucher code"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("cart")
        verbose_name_plural = _("carts")

    def __str__(self) -> str:
        return f"Cart of {self.user}"


class CartLine(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(ProductVariant, on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField(validators=[MinValueValidator(1)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cart", "variant"], name="orders_cartline_variant"),
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="orders_cartline_qty"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.variant_id}"


class OrderStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    PAID = "paid", _("Paid")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")
    REFUNDED = "refunded", _("Refunded")


class PaymentStatus(models.TextChoices):
    """Where the order's money is. The ``*_pending`` states are decisions committed before the
    gateway is called, so a crash in between leaves a job for reconciliation, not a mystery."""

    AUTHORISED = "authorised", _("Authorised")
    CAPTURING = "capturing", _("Being captured")
    CAPTURED = "captured", _("Captured")
    CAPTURE_FAILED = "capture_failed", _("Capture refused")
    VOID_PENDING = "void_pending", _("Void pending")
    VOIDED = "voided", _("Voided")
    REFUND_PENDING = "refund_pending", _("Refund pending")
    REFUNDED = "refunded", _("Refunded")


# The statuses of an order whose money was taken and not given back.
PAID_STATUSES = (OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED)


class Order(models.Model):
    number = models.CharField(_("order number"), max_length=20, unique=True)
    # Null once the customer deleted their account: the order stays for the books, anonymised.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name=_("customer"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=OrderStatus.choices, default=OrderStatus.PENDING
    )
    email = models.EmailField(_("email"))
    # Placed without an account (``guests``): ``user`` stays empty until an account whose owner
    # proved they read ``email`` claims it. Kept once claimed, as history.
    is_guest = models.BooleanField(_("placed as a guest"), default=False)
    # The shipping address as it was when the order was placed.
    ship_full_name = models.CharField(_("full name"), max_length=150)
    ship_line1 = models.CharField(_("address line 1"), max_length=200)
    ship_line2 = models.CharField(_("address line 2"), max_length=200, blank=True)
    ship_city = models.CharField(_("city"), max_length=100)
    ship_postcode = models.CharField(_("postcode"), max_length=20)
    ship_country = models.CharField(_("country"), max_length=2)
    ship_phone = models.CharField(_("phone"), max_length=30, blank=True)
    shipping_method = models.CharField(_("shipping method"), max_length=30)
    shipping_method_name = models.CharField(_("shipping method name"), max_length=100)
    shipping_price = models.DecimalField(_("shipping"), max_digits=10, decimal_places=2)
    # Working days promised at checkout ("2-3"), as the zone's rate said.
    shipping_days = models.CharField(_("delivery time (working days)"), max_length=10, blank=True)
    subtotal = models.DecimalField(_("subtotal"), max_digits=12, decimal_places=2)
    # Snapshots of the discounts: what came off the lines (their sum), what free shipping
    # saved, the voucher code used and [{"name", "amount", "code"}] per promotion applied.
    discount_total = models.DecimalField(_("discount"), max_digits=12, decimal_places=2, default=0)
    shipping_discount = models.DecimalField(
        _("shipping discount"), max_digits=10, decimal_places=2, default=0
    )
    voucher_code = models.CharField(_("voucher code"), max_length=40, blank=True)
    discounts = models.JSONField(_("discounts applied"), default=list, blank=True)
    total = models.DecimalField(_("total"), max_digits=12, decimal_places=2)
    # The tax in the total (lines and shipping), at the rates of the country shipped to; zero
    # for orders placed before taxes were recorded.
    tax_total = models.DecimalField(_("tax"), max_digits=12, decimal_places=2, default=0)
    shipping_tax = models.DecimalField(
        _("tax on shipping"), max_digits=10, decimal_places=2, default=0
    )
    shipping_tax_rate = models.DecimalField(
        _("tax rate on shipping (%)"), max_digits=5, decimal_places=2, default=0
    )
    prices_include_tax = models.BooleanField(_("prices include tax"), default=True)
    currency = models.CharField(_("currency"), max_length=3)
    payment_status = models.CharField(
        _("payment"),
        max_length=16,
        choices=PaymentStatus.choices,
        default=PaymentStatus.AUTHORISED,
        db_index=True,
    )
    payment_updated_at = models.DateTimeField(_("payment updated"), null=True, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=100, blank=True)
    payment_card = models.CharField(_("card"), max_length=40, blank=True)
    carrier = models.CharField(_("carrier"), max_length=20, choices=CARRIERS, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=60, blank=True)
    idempotency_key = models.CharField(max_length=64, editable=False)
    # What the checkout request said (address, delivery, card): a reused key must match it.
    request_fingerprint = models.CharField(max_length=64, editable=False, blank=True)
    created_at = models.DateTimeField(_("placed"), db_index=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    shipped_at = models.DateTimeField(_("shipped"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    refunded_at = models.DateTimeField(_("refunded"), null=True, blank=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ("-created_at", "-id")
        constraints = [
            # One order per checkout submission, however often it is sent.
            models.UniqueConstraint(
                fields=["user", "idempotency_key"], name="orders_order_idempotency"
            ),
            # A guest's keys are scoped by their session's secret (``guests.guest_order_key``).
            models.UniqueConstraint(
                fields=["idempotency_key"],
                condition=models.Q(user__isnull=True, is_guest=True),
                name="orders_guest_idempotency",
            ),
            models.CheckConstraint(condition=models.Q(total__gte=0), name="orders_total_gte_0"),
        ]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="orders_user_recent"),
            # "Other orders to this address lately" (order risk), postcodes stored normalised.
            models.Index(
                fields=["ship_country", "ship_postcode", "-created_at"], name="orders_ship_place"
            ),
            # The guest orders an account claims once its e-mail address is verified.
            models.Index(
                Lower("email"),
                condition=models.Q(user__isnull=True, is_guest=True),
                name="orders_guest_email",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("orders:detail", kwargs={"number": self.number})

    @property
    def can_cancel(self) -> bool:
        return self.status in (OrderStatus.PENDING, OrderStatus.PAID)

    def stock_lines(self) -> dict[int, int]:
        """Variant id -> units of the order's lines whose variant still exists (less the units
        a partial refund already gave back)."""
        quantities: dict[int, int] = {}
        rows = self.lines.values_list("variant_id", "quantity", "refunded_quantity")
        for variant_id, quantity, refunded in rows:
            if variant_id is not None and quantity > refunded:
                quantities[variant_id] = quantities.get(variant_id, 0) + quantity - refunded
        return quantities

    def tax_breakdown(self) -> list[tuple[Decimal, Decimal]]:
        """(rate, tax) per rate, lines and shipping together, lowest rate first."""
        by_rate: dict[Decimal, Decimal] = {}
        for line in self.lines.all():
            by_rate[line.tax_rate] = by_rate.get(line.tax_rate, Decimal("0")) + line.tax_amount
        if self.shipping_tax:
            rate = self.shipping_tax_rate
            by_rate[rate] = by_rate.get(rate, Decimal("0")) + self.shipping_tax
        return sorted((rate, tax) for rate, tax in by_rate.items() if tax)

    @property
    def carrier_name(self) -> str:
        carrier = carrier_get(self.carrier)
        return carrier.name if carrier else ""

    @property
    def tracking_url(self) -> str:
        """The carrier's page for this parcel, or "" (no carrier with a tracking page)."""
        carrier = carrier_get(self.carrier)
        return carrier.url_for(self.tracking_number) if carrier else ""

    def shipping_address_lines(self) -> list[str]:
        lines = [self.ship_full_name, self.ship_line1]
        if self.ship_line2:
            lines.append(self.ship_line2)
        lines += [f"{self.ship_postcode} {self.ship_city}", self.ship_country_name]
        return lines

    @property
    def ship_country_name(self) -> str:
        """The country shipped to by name, in the active language ("Germany", not "DE")."""
        return country_name(self.ship_country)

    def delivery_window(self) -> tuple[date, date] | None:
        """The first and last day the parcel should arrive: the method's working days ("2-3")
        counted from the day the order was placed; None when the order names none."""
        parts = [p for p in self.shipping_days.replace("\u2013", "-").split("-") if p.strip()]
        if not parts or not all(p.strip().isdigit() for p in parts):
            return None
        placed = timezone.localdate(self.created_at)
        return (
            working_days_after(placed, int(parts[0])),
            working_days_after(placed, int(parts[-1])),
        )


def working_days_after(day: date, count: int) -> date:
    """``day`` plus ``count`` working days (Monday to Friday)."""
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        Product, on_delete=models.SET_NULL, null=True, related_name="order_lines"
    )
    variant = models.ForeignKey(
        ProductVariant, on_delete=models.SET_NULL, null=True, related_name="order_lines"
    )
    # Snapshots: what the customer bought at the price they paid, whatever happens later.
    title = models.CharField(_("title"), max_length=200)
    variant_name = models.CharField(_("variant"), max_length=200, blank=True)
    sku = models.CharField(_("SKU"), max_length=60)
    unit_price = models.DecimalField(_("unit price"), max_digits=10, decimal_places=2)
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    tax_rate = models.DecimalField(_("tax rate (%)"), max_digits=5, decimal_places=2, default=0)
    tax_amount = models.DecimalField(_("tax"), max_digits=10, decimal_places=2, default=0)
    # What the promotions and voucher took off the line (unit price x quantity - discount paid).
    discount = models.DecimalField(_("discount"), max_digits=10, decimal_places=2, default=0)
    # Units given back by partial refunds, and the money returned for them (discount prorated).
    refunded_quantity = models.PositiveIntegerField(_("units refunded"), default=0)
    refunded_amount = models.DecimalField(_("refunded"), max_digits=10, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")

    def __str__(self) -> str:
        return f"{self.quantity} x {self.display_title}"

    @property
    def display_title(self) -> str:
        return f"{self.title} ({self.variant_name})" if self.variant_name else self.title

    @property
    def undiscounted_total(self) -> Decimal:
        return self.unit_price * self.quantity

    @property
    def line_total(self) -> Decimal:
        """What the customer paid for the line, its discount taken off."""
        return self.unit_price * self.quantity - self.discount


class OrderStatusChange(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=12, choices=OrderStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=OrderStatus.choices)
    changed_at = models.DateTimeField(_("at"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status history")
        ordering = ("changed_at", "id")

    def __str__(self) -> str:
        return f"{self.from_status or '-'} -> {self.to_status}"


class PaymentTransaction(models.Model):
    class Kind(models.TextChoices):
        AUTHORISE = "authorise", _("Authorise")
        CAPTURE = "capture", _("Capture")
        REFUND = "refund", _("Refund")
        VOID = "void", _("Void")

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="payments")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    reference = models.CharField(max_length=100)
    backend = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("payment transaction")
        verbose_name_plural = _("payment transactions")
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return f"{self.kind} {self.amount} ({self.reference})"
