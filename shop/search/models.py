"""The staff's synonym list and the search analytics (one row per query and day)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Synonym(models.Model):
    """Words or phrases shoppers use for the same thing ("sofa, couch", "tv, television"):
    a search for any of them also finds the others."""

    terms = models.CharField(
        _("terms"),
        max_length=300,
        help_text=_("Words or phrases that mean the same, separated by commas."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonyms")
        ordering = ("terms",)

    def __str__(self) -> str:
        return self.terms

    @property
    def members(self) -> list[str]:
        return [term.strip() for term in self.terms.split(",") if term.strip()]


class SearchQueryDay(models.Model):
    """How often a query was searched on a day, how often it found nothing, and how often a
    shopper clicked one of its results."""

    day = models.DateField(_("day"), db_index=True)
    query = models.CharField(_("query"), max_length=200)
    searches = models.PositiveIntegerField(_("searches"), default=0)
    zero_results = models.PositiveIntegerField(_("searches without results"), default=0)
    clicks = models.PositiveIntegerField(_("result clicks"), default=0)

    class Meta:
        verbose_name = _("search query (per day)")
        verbose_name_plural = _("search analytics")
        ordering = ("-day", "-searches", "query")
        constraints = [
            models.UniqueConstraint(fields=["day", "query"], name="search_query_day_unique")
        ]
        indexes = [models.Index(fields=["query"], name="search_query_day_query")]

    def __str__(self) -> str:
        return f"{self.day}: {self.query}"
