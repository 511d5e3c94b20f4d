"""Segment runs and the segment each customer is in now."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shop.core.models import Run

from .engine import naming


class Segment(models.TextChoices):
    # Values are the engine's names; a test keeps the two lists equal.
    NEW = naming.NEW, _("New sign-ups")
    PROSPECT = naming.PROSPECT, _("Prospects (never ordered)")
    PROMISING = naming.PROMISING, _("Recent buyers")
    LOYAL = naming.LOYAL, _("Loyal")
    BIG_SPENDERS = naming.BIG_SPENDERS, _("Big spenders")
    AT_RISK = naming.AT_RISK, _("At risk")
    HIBERNATING = naming.HIBERNATING, _("Hibernating")
    LOST = naming.LOST, _("Lost")


class SegmentRun(Run):
    """One refresh of the segments: what it saw, how it clustered, how big each segment is."""

    # The moment recency and tenure are measured from, and the window orders are counted in.
    as_of = models.DateTimeField(_("as of"), default=timezone.now)
    window_days = models.PositiveIntegerField(_("order window (days)"), default=365)
    n_customers = models.PositiveIntegerField(_("customers"), default=0)
    n_buyers = models.PositiveIntegerField(_("customers with orders"), default=0)
    n_clusters = models.PositiveIntegerField(_("clusters"), default=0)
    silhouette = models.FloatField(_("silhouette"), null=True, blank=True)
    # {segment: customers}
    sizes = models.JSONField(_("segment sizes"), default=dict, blank=True)
    # [{cluster, segment, size, recency_days, frequency, monetary}], largest cluster first.
    centroids = models.JSONField(_("cluster centroids"), default=list, blank=True)
    # The naming thresholds and the median buyer they were compared with.
    rules = models.JSONField(_("naming rules"), default=dict, blank=True)

    class Meta:
        verbose_name = _("segment run")
        verbose_name_plural = _("segment runs")
        ordering = ("-started_at", "-id")

    def __str__(self) -> str:
        return f"Segment run {self.pk} ({self.status})"


class CustomerSegment(models.Model):
    """The segment a customer is in, from the latest successful run (one row per customer)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="segment",
        verbose_name=_("customer"),
    )
    run = models.ForeignKey(
        SegmentRun, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("run")
    )
    segment = models.CharField(_("segment"), max_length=20, choices=Segment.choices)
    cluster = models.SmallIntegerField(_("cluster"), null=True, blank=True)
    # Null for a customer who never placed an order that counts.
    recency_days = models.FloatField(_("days since last order"), null=True, blank=True)
    frequency = models.PositiveIntegerField(_("orders in window"), default=0)
    monetary = models.DecimalField(_("spend in window"), max_digits=12, decimal_places=2)
    tenure_days = models.PositiveIntegerField(_("days since sign-up"), default=0)

    class Meta:
        verbose_name = _("customer segment")
        verbose_name_plural = _("customer segments")
        ordering = ("segment", "-monetary", "user_id")
        indexes = [models.Index(fields=["segment", "-monetary"], name="segments_by_segment")]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.segment}"
