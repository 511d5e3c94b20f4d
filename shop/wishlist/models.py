from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shop.catalogue.models import Product, ProductVariant


class SavedItem(models.Model):
    """A product (or one variant of it) a customer keeps for later."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_items"
    )
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    # The size or colour chosen, when the customer chose one.
    variant = models.ForeignKey(
        ProductVariant, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    saved_price = models.DecimalField(_("price when saved"), max_digits=10, decimal_places=2)
    # The lowest price an alert was sent for: a drop is news only below it.
    alerted_price = models.DecimalField(
        _("price last alerted"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    # "E-mail me when available": set while it is out of stock, cleared by the alert.
    wants_restock_alert = models.BooleanField(_("waiting for stock"), default=False)
    created_at = models.DateTimeField(_("saved"), default=timezone.now)

    class Meta:
        verbose_name = _("saved item")
        verbose_name_plural = _("saved items")
        ordering = ("-created_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "product"],
                condition=Q(variant__isnull=True),
                name="wishlist_one_saved_product",
            ),
            models.UniqueConstraint(
                fields=["user", "variant"],
                condition=Q(variant__isnull=False),
                name="wishlist_one_saved_variant",
            ),
        ]

    def __str__(self) -> str:
        return self.variant.title if self.variant_id and self.variant else self.product.title

    @property
    def current_price(self) -> Decimal:
        return self.variant.price if self.variant is not None else self.product.price

    @property
    def in_stock(self) -> bool:
        if self.variant is not None:
            return self.variant.is_active and self.variant.stock_quantity > 0
        return self.product.stock_quantity > 0
