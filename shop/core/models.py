"""Model building blocks shared by the apps, and the transactional outbox's one table."""

from __future__ import annotations

import uuid

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


class OutboxMessage(models.Model):
    """A message that must go out (an e-mail, a notification), written in the same transaction
    as the change that causes it, so it exists exactly when that change does. ``shop.core.outbox``
    delivers it when the queue can: at least once, and never twice for one claim. Its ``id`` is
    the message's identity everywhere (the e-mail's Message-ID header is derived from it)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=100)
    # One message per cause ("order 42's confirmation"): writing it twice keeps the first.
    key = models.CharField(_("key"), max_length=200, unique=True, null=True, blank=True)
    payload = models.JSONField(_("payload"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # When the relay may hand it to a worker next (pushed ahead while a worker has it queued,
    # and by the back-off after a failed attempt).
    due_at = models.DateTimeField(_("due"), default=timezone.now)
    # A worker's claim: until then nobody else sends it.
    locked_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [models.Index(fields=["status", "due_at"], name="core_outbox_due")]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} ({self.status})"
