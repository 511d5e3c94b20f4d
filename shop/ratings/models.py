"""Star ratings with optional written reviews, one per customer per product."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shop.catalogue.models import Product


class Review(models.Model):
    class Sentiment(models.TextChoices):
        """The text's sentiment (see shop.ratings.sentiment); blank: no text, stars only."""

        POSITIVE = "positive", _("Positive")
        NEUTRAL = "neutral", _("Neutral")
        NEGATIVE = "negative", _("Negative")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews"
    )
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="reviews")
    stars = models.PositiveSmallIntegerField(
        _("stars"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    title = models.CharField(_("title"), max_length=120, blank=True)
    body = models.TextField(_("review"), max_length=5000, blank=True)
    is_verified_purchase = models.BooleanField(_("verified purchase"), default=False)
    is_hidden = models.BooleanField(_("hidden by staff"), default=False)
    # Set by the review services from the title and body, never by hand.
    sentiment = models.CharField(
        _("sentiment"), max_length=8, choices=Sentiment.choices, blank=True, db_index=True
    )
    sentiment_confidence = models.FloatField(_("sentiment confidence"), null=True, blank=True)
    sentiment_disagrees = models.BooleanField(
        _("text and stars disagree"),
        default=False,
        db_index=True,
        help_text=_("The text is confidently positive under 1-2 stars, or negative under 4-5."),
    )
    # Set explicitly (not auto_now) so imported and demo reviews keep their real dates.
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ("-updated_at", "-id")
        constraints = [
            models.UniqueConstraint(fields=["user", "product"], name="ratings_one_per_customer"),
            models.CheckConstraint(
                condition=models.Q(stars__gte=1, stars__lte=5), name="ratings_stars_1_to_5"
            ),
        ]
        indexes = [
            models.Index(
                fields=["product", "is_hidden", "-updated_at"], name="ratings_product_recent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.stars}★ {self.product_id} by {self.user_id}"
