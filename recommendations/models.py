"""Interaction signals: what shoppers looked at, put in carts, bought and rated."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shop.catalogue.models import Product


class Interaction(models.Model):
    """One signal from one shopper (a customer, or a visitor's session) about one product."""

    class Kind(models.TextChoices):
        VIEW = "view", _("Product view")
        CART = "cart", _("Cart addition")
        PURCHASE = "purchase", _("Purchase")
        RATING = "rating", _("Rating")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="interactions",
    )
    session_key = models.CharField(max_length=40, blank=True, db_index=True)
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="interactions")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # Quantity for cart additions and purchases, stars for ratings, 1 for views. How much each
    # kind counts is the recommendation engine's decision, not the shop's.
    weight = models.FloatField(default=1.0)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        indexes = [
            models.Index(fields=["user", "-created_at"], name="recs_interaction_user_recent"),
            models.Index(fields=["product", "kind"], name="recs_interaction_product_kind"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(user=None) | ~models.Q(session_key=""),
                name="recs_interaction_has_owner",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} of {self.product_id}"
