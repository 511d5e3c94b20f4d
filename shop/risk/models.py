"""Risk scores of orders, staff decisions on them, the trained model, declined payments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shop.core.models import Run
from shop.orders.models import Order


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Decision(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved (legitimate)")
    REJECTED = "rejected", _("Rejected (fraud)")


class RiskModel(Run):
    """One training of the risk model; at most one succeeded training is current (none before
    the first, when the default rules score)."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    is_current = models.BooleanField(_("serving"), default=False)
    n_orders = models.PositiveIntegerField(_("orders learned from"), default=0)
    n_decisions = models.PositiveIntegerField(_("staff decisions learned from"), default=0)
    # Known once the training succeeds.
    hold_threshold = models.FloatField(_("hold at score"), null=True, blank=True)
    # Thresholds, points per rule and the forest's reference distribution (engine.to_json).
    params = models.JSONField(_("parameters"), default=dict)
    # The isolation forest as node arrays: plain data, never a pickle.
    forest = models.JSONField(null=True, blank=True, editable=False)
    metrics = models.JSONField(_("metrics"), default=dict, blank=True)

    class Meta:
        verbose_name = _("risk model")
        verbose_name_plural = _("risk models")
        ordering = ("-version",)
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="risk_riskmodel_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"Risk model v{self.version}"


class OrderRisk(models.Model):
    order = models.OneToOneField(
        Order, on_delete=models.CASCADE, related_name="risk", verbose_name=_("order")
    )
    score = models.PositiveSmallIntegerField(_("risk score"))
    level = models.CharField(_("risk level"), max_length=6, choices=RiskLevel.choices)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    features = models.JSONField(_("features"), default=dict, blank=True)
    # 0: the default rules, before any training.
    model_version = models.PositiveIntegerField(_("model version"), default=0)
    scored_at = models.DateTimeField(_("scored"))
    scoring_failed = models.BooleanField(_("could not be scored"), default=False)
    decision = models.CharField(
        _("decision"), max_length=8, choices=Decision.choices, default=Decision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("order risk")
        verbose_name_plural = _("order risks")
        ordering = ("-score", "-scored_at")
        indexes = [models.Index(fields=["level", "decision"], name="risk_level_decision")]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.score} ({self.level})"

    @property
    def is_held(self) -> bool:
        return self.level == RiskLevel.HIGH and self.decision == Decision.PENDING


class HeldOrder(OrderRisk):
    """The review queue in the admin: high-risk orders waiting for a decision."""

    class Meta:
        proxy = True
        verbose_name = _("order held for review")
        verbose_name_plural = _("orders held for review")


class PaymentFailure(models.Model):
    """A card authorisation that failed at checkout, before any order existed."""

    class Kind(models.TextChoices):
        DECLINED = "declined", _("Declined by the card issuer")
        GATEWAY = "gateway", _("Gateway error")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="payment_failures",
        verbose_name=_("customer"),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    created_at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("failed payment")
        verbose_name_plural = _("failed payments")
        ordering = ("-created_at",)
        indexes = [models.Index(fields=["user", "-created_at"], name="risk_failure_user_recent")]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount}"
