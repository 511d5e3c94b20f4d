"""The shop's user model and customers' saved addresses."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.models import Token


class User(AbstractUser):
    """A customer or a member of staff.

    Our own model from the first migration, so fields can be added later without the
    notoriously painful switch away from ``auth.User``. E-mail is required and unique
    (case-insensitively) because customers sign in and reset passwords with it.
    """

    email = models.EmailField(_("email address"))

    def save(self, *args: Any, **kwargs: Any) -> None:
        # ``set_password`` leaves the new password in ``_password`` until the save (a hash
        # upgrade at sign-in does not): a changed or reset password ends every API token, so
        # whoever copied one loses it with the old password.
        password_changed = getattr(self, "_password", None) is not None and self.pk is not None
        super().save(*args, **kwargs)
        if password_changed:
            Token.objects.filter(user_id=self.pk).delete()

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]


class Address(models.Model):
    """A postal address a customer saved for checkout."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="addresses",
        verbose_name=_("customer"),
    )
    full_name = models.CharField(_("full name"), max_length=150)
    line1 = models.CharField(_("address line 1"), max_length=200)
    line2 = models.CharField(_("address line 2"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100)
    postcode = models.CharField(_("postcode"), max_length=20)
    country = models.CharField(_("country"), max_length=2, help_text=_("Two-letter ISO code."))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_default = models.BooleanField(_("default address"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        ordering = ("-is_default", "-created_at")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(is_default=True),
                name="accounts_address_one_default_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name}, {self.line1}, {self.postcode} {self.city}"

    def as_lines(self) -> list[str]:
        lines = [self.full_name, self.line1]
        if self.line2:
            lines.append(self.line2)
        lines.append(f"{self.postcode} {self.city}")
        lines.append(self.country)
        return lines


class PendingSignup(models.Model):
    """A sign-up waiting for its e-mail address to be confirmed; the account is created from
    it when the link sent to that address is opened.

    Not an inactive user: nobody can hold an address (or a password for it) before proving
    they read its mail, and signing up again with the same address replaces the waiting one.
    """

    email = models.EmailField(_("email address"), unique=True)  # stored in lower case
    username = models.CharField(_("username"), max_length=150)
    password = models.CharField(_("password"), max_length=128)  # a hash, as User.password
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("pending sign-up")
        verbose_name_plural = _("pending sign-ups")

    def __str__(self) -> str:
        return self.email
