"""What staff decided about each promotion as an offer, and how the offers did."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shop.promotions.models import Promotion

# The segment key of visitors and of customers no segment run has named yet.
DEFAULT_SEGMENT = "visitors"


class Placement(models.TextChoices):
    HOME = "home", _("Home page")
    CART = "cart", _("Cart page")


class OfferSetting(models.Model):
    """Staff's say over one promotion in the offer slot (no row: the bandit decides)."""

    class Mode(models.TextChoices):
        AUTO = "auto", _("Chosen by the bandit")
        PINNED = "pinned", _("Pinned: always shown when the shopper can use it")
        EXCLUDED = "excluded", _("Excluded: never shown")

    promotion = models.OneToOneField(
        Promotion,
        on_delete=models.CASCADE,
        related_name="offer_setting",
        verbose_name=_("promotion"),
    )
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.AUTO)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("offer setting")
        verbose_name_plural = _("offer settings")
        ordering = ("promotion__name", "id")

    def __str__(self) -> str:
        return f"{self.promotion}: {self.get_mode_display()}"


class OfferStat(models.Model):
    """Impressions, clicks, conversions and revenue of one promotion in one segment and
    placement on one day (the bandit's counts, and the dashboard's)."""

    day = models.DateField(_("day"))
    promotion = models.ForeignKey(
        Promotion, on_delete=models.CASCADE, related_name="+", verbose_name=_("promotion")
    )
    segment = models.CharField(_("segment"), max_length=20)
    placement = models.CharField(_("placement"), max_length=10, choices=Placement.choices)
    impressions = models.PositiveIntegerField(_("impressions"), default=0)
    clicks = models.PositiveIntegerField(_("clicks"), default=0)
    conversions = models.PositiveIntegerField(_("conversions"), default=0)
    revenue = models.DecimalField(
        _("revenue"), max_digits=14, decimal_places=2, default=Decimal("0")
    )

    class Meta:
        verbose_name = _("offer statistics")
        verbose_name_plural = _("offer statistics")
        ordering = ("-day", "promotion", "segment", "placement")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "promotion", "segment", "placement"], name="offers_stat_unique"
            )
        ]
        indexes = [models.Index(fields=["segment", "promotion"], name="offers_stat_segment")]

    def __str__(self) -> str:
        return f"{self.promotion_id} {self.segment} {self.placement} {self.day}"


class OfferClick(models.Model):
    """One click on the slot's link: who (customer or visitor) clicked which offer where."""

    promotion = models.ForeignKey(
        Promotion, on_delete=models.CASCADE, related_name="+", verbose_name=_("promotion")
    )
    segment = models.CharField(_("segment"), max_length=20)
    placement = models.CharField(_("placement"), max_length=10, choices=Placement.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("customer"),
    )
    # A visitor's anonymous id (shop.core.visitor), so a click before signing in still counts.
    visitor_key = models.CharField(_("visitor"), max_length=64, blank=True, db_index=True)
    clicked_at = models.DateTimeField(_("clicked"), default=timezone.now)

    class Meta:
        verbose_name = _("offer click")
        verbose_name_plural = _("offer clicks")
        ordering = ("-clicked_at", "-id")
        indexes = [models.Index(fields=["user", "-clicked_at"], name="offers_click_user")]

    def __str__(self) -> str:
        return f"{self.promotion_id} clicked {self.clicked_at:%Y-%m-%d %H:%M}"


class OfferConversion(models.Model):
    """An order attributed to the latest click before it (one order, one click at most).

    A cancelled or fully refunded order's conversion is withdrawn: the row stays, stamped
    ``withdrawn_at``, and its count and revenue are taken back out of the statistics."""

    click = models.OneToOneField(
        OfferClick, on_delete=models.CASCADE, related_name="conversion", verbose_name=_("click")
    )
    order = models.OneToOneField(
        "orders.Order", on_delete=models.CASCADE, related_name="+", verbose_name=_("order")
    )
    revenue = models.DecimalField(_("revenue"), max_digits=12, decimal_places=2)
    converted_at = models.DateTimeField(_("converted"), default=timezone.now)
    withdrawn_at = models.DateTimeField(
        _("withdrawn"),
        null=True,
        blank=True,
        help_text=_("When the order was cancelled or refunded in full: no longer counted."),
    )

    class Meta:
        verbose_name = _("offer conversion")
        verbose_name_plural = _("offer conversions")
        ordering = ("-converted_at", "-id")

    def __str__(self) -> str:
        return f"order {self.order_id} from click {self.click_id}"
