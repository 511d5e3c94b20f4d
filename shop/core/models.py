"""Model building blocks shared by the apps (abstract only: shop.core has no tables)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Run(models.Model):
    """One run of a computation a worker refreshes (recommendation builds, forecasts, risk
    models, segments): whether it is still going, succeeded or failed, when, and why it
    failed. ``shop.core.services`` writes these fields; each app adds what its run measured
    and describes how staff start one in a ``shop.core.runs.RunKind``."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RUNNING
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    duration_seconds = models.FloatField(_("duration (s)"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        abstract = True
