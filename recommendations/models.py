"""Interaction signals: what shoppers looked at, put in carts, bought and rated."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shop.catalogue.models import Product
from shop.core.models import Run


class Interaction(models.Model):
    """One signal from one shopper (a customer, or a visitor's session) about one product."""

    class Kind(models.TextChoices):
        VIEW = "view", _("Product view")
        CART = "cart", _("Cart addition")
        PURCHASE = "purchase", _("Purchase")
        RATING = "rating", _("Rating")
        # "Not interested" on a recommended product: the engine drops the shopper's other
        # signals about it (selectors.dataset) rather than reading it as interest.
        DISMISS = "dismiss", _("Not interested")

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


class Build(Run):
    """One rebuild of the item neighbours. Pages serve the single current, succeeded build."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    is_current = models.BooleanField(_("serving"), default=False)
    n_users = models.PositiveIntegerField(_("users"), default=0)
    n_items = models.PositiveIntegerField(_("items"), default=0)
    n_interactions = models.PositiveIntegerField(_("interactions"), default=0)
    n_chunks = models.PositiveIntegerField(_("chunks"), default=1)
    chunks_done = models.PositiveIntegerField(_("chunks done"), default=0)
    # Offline metrics on a hold-out of this build's own data (precision@10, NDCG@10, ...).
    metrics = models.JSONField(_("offline metrics"), default=dict, blank=True)
    # Fallback lists: trending product ids overall and per category id.
    trending = models.JSONField(default=list, blank=True)
    trending_by_category = models.JSONField(default=dict, blank=True)
    # Product types too broad to mean "the same kind of product" (engine.complements.broad_keys):
    # the complement rules do not exclude by them.
    broad_type_ids = models.JSONField(default=list, blank=True)
    # "Buy it again": product id -> its repurchase cycle in days, for the kinds people rebuy
    # (engine.rebuys).
    rebuy_cycles = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("recommendation build")
        verbose_name_plural = _("recommendation builds")
        ordering = ("-version",)
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="recs_one_current_build",
            )
        ]

    def __str__(self) -> str:
        return f"Build {self.version} ({self.status})"


class ItemNeighbours(models.Model):
    """A product's lists in one build, best first: one row per product keeps a recommendation
    row to one indexed read, however long the lists.

    ``neighbour_ids`` are what shoppers with this product also liked (histories and texts:
    substitutes as much as anything); ``complement_ids`` what was bought in the same basket
    with it, never a product of its own type (see ``engine/complements.py``)."""

    build = models.ForeignKey(Build, on_delete=models.CASCADE, related_name="neighbours")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    neighbour_ids = models.JSONField(default=list)
    scores = models.JSONField(default=list)
    complement_ids = models.JSONField(default=list)
    complement_scores = models.JSONField(default=list)

    class Meta:
        verbose_name = _("item neighbours")
        verbose_name_plural = _("item neighbours")
        constraints = [
            models.UniqueConstraint(fields=["build", "product"], name="recs_neighbours_unique")
        ]

    def __str__(self) -> str:
        return f"{self.product_id} in build {self.build_id}"


class PlacementStat(models.Model):
    """Impressions and clicks of a recommendation row per placement and day."""

    class Placement(models.TextChoices):
        HOME_PERSONAL = "home_personal", _("Home: recommended for you")
        HOME_TRENDING = "home_trending", _("Home: trending now")
        HOME_AGAIN = "home_again", _("Home: buy it again")
        HOME_RECENT = "home_recent", _("Home: recently viewed")
        PRODUCT = "product", _("Product page: similar items")
        PRODUCT_TOGETHER = "product_together", _("Product page: frequently bought together")
        CART = "cart", _("Cart: complete your order")
        ORDER = "order", _("Order page: goes with your order")

    day = models.DateField(_("day"))
    placement = models.CharField(_("placement"), max_length=20, choices=Placement.choices)
    impressions = models.PositiveIntegerField(_("impressions"), default=0)
    clicks = models.PositiveIntegerField(_("clicks"), default=0)

    class Meta:
        verbose_name = _("placement statistics")
        verbose_name_plural = _("placement statistics")
        ordering = ("-day", "placement")
        constraints = [
            models.UniqueConstraint(fields=["day", "placement"], name="recs_placement_day_unique")
        ]

    def __str__(self) -> str:
        return f"{self.placement} {self.day}"

    @property
    def click_through_rate(self) -> float:
        return self.clicks / self.impressions if self.impressions else 0.0


class RowEvent(models.Model):
    """One product shown in a recommendation row, or clicked there: which, where (placement and
    position) and to whom (the customer, a visitor who allowed analytics, or nobody known).
    Shown events are buffered and written in batches (``services.exposure``)."""

    class Kind(models.TextChoices):
        SHOWN = "shown", _("Shown")
        CLICKED = "clicked", _("Clicked")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    placement = models.CharField(_("placement"), max_length=20)
    position = models.PositiveSmallIntegerField(_("position"))
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    visitor_key = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("row event")
        verbose_name_plural = _("row events")
        indexes = [models.Index(fields=["created_at", "placement"], name="recs_rowevent_recent")]

    def __str__(self) -> str:
        return f"{self.kind} {self.product_id} at {self.placement}#{self.position}"
