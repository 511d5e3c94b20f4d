"""Conversations with the assistant, support tickets for staff, and the FAQ it answers from."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Conversation(models.Model):
    class Status(models.TextChoices):
        BOT = "bot", _("With the assistant")
        STAFF = "staff", _("Handed to staff")
        CLOSED = "closed", _("Closed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="conversations",
    )
    # A visitor's anonymous id (see recommendations.services.visitor_key); empty for customers.
    visitor_key = models.CharField(max_length=40, blank=True, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BOT)
    state = models.JSONField(default=dict, blank=True)
    last_intent = models.CharField(max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ("-updated_at",)

    def __str__(self) -> str:
        return f"Conversation {self.pk}"


class Message(models.Model):
    class Sender(models.TextChoices):
        CUSTOMER = "customer", _("Customer")
        BOT = "bot", _("Assistant")
        STAFF = "staff", _("Staff")

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.CharField(max_length=10, choices=Sender.choices)
    text = models.TextField(max_length=4000)
    # For customer messages: how the assistant understood them.
    intent = models.CharField(max_length=30, blank=True, db_index=True)
    confidence = models.FloatField(null=True, blank=True)
    handled = models.BooleanField(null=True, blank=True)
    action = models.CharField(max_length=30, blank=True)
    # For replies: what the widget shows besides the text (product cards), so a restored
    # history looks as it did.
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ("created_at", "id")
        indexes = [models.Index(fields=["sender", "handled"], name="cs_message_unhandled")]

    def __str__(self) -> str:
        return f"{self.sender}: {self.text[:40]}"


class SupportTicket(models.Model):
    class Priority(models.IntegerChoices):
        LOW = 1, _("Low")
        NORMAL = 2, _("Normal")
        HIGH = 3, _("High")
        URGENT = 4, _("Urgent")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="tickets")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=30)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL, db_index=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    subject = models.CharField(_("subject"), max_length=200)
    transcript = models.TextField(_("transcript"))
    order_number = models.CharField(_("order"), max_length=20, blank=True)
    # The order discussed, when it is the customer's own (the number alone may be mistyped).
    order = models.ForeignKey(
        "orders.Order",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("order discussed"),
    )
    intent = models.CharField(_("request"), max_length=30, blank=True)
    staff_reply = models.TextField(_("reply to the customer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("support ticket")
        verbose_name_plural = _("support tickets")
        ordering = ("status", "-priority", "created_at")

    def __str__(self) -> str:
        return f"#{self.pk} {self.subject}"


class FAQEntry(models.Model):
    """An answer the assistant gives for an FAQ intent; staff edit these in admin."""

    class Topic(models.TextChoices):
        RETURN_REFUND = "return_refund", _("Returns and refunds")
        SHIPPING_INFO = "shipping_info", _("Shipping and delivery")
        PAYMENT_ISSUE = "payment_issue", _("Payments")
        ACCOUNT_HELP = "account_help", _("Account help")
        CONTACT = "contact", _("Contacting us and support hours")

    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices, db_index=True)
    question = models.CharField(_("question"), max_length=200)
    answer = models.TextField(_("answer"))
    link_url = models.CharField(_("link"), max_length=200, blank=True)
    link_label = models.CharField(_("link text"), max_length=80, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("FAQ answer")
        verbose_name_plural = _("FAQ answers")
        ordering = ("topic", "position", "id")

    def __str__(self) -> str:
        return self.question
