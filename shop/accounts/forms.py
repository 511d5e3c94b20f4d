from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    UserCreationForm,
)
from django.utils.translation import gettext_lazy as _

from .limits import password_check_limit
from .models import Address, User
from .services import password_reset_request


class PasswordCheckLimited:
    """A form that checks the signed-in customer's current password, at most
    ``PASSWORD_CHECK_FAILURE_LIMIT`` wrong ones per cool-off (``shop.accounts.limits``).
    ``throttled`` tells the view to answer 429."""

    throttled = False

    def check_password_limited(self, user: User, password: str, wrong: str) -> None:
        limit, subject = password_check_limit(), str(user.pk)
        if limit.blocked(subject):
            self.throttled = True
            raise forms.ValidationError(
                _("Too many wrong passwords. Please wait a few minutes and try again.")
            )
        if not user.check_password(password):
            limit.fail(subject)
            raise forms.ValidationError(wrong)
        limit.clear(subject)


class LimitedPasswordChangeForm(PasswordCheckLimited, PasswordChangeForm):
    def clean_old_password(self) -> str:
        old_password: str = self.cleaned_data["old_password"]
        self.check_password_limited(
            self.user,
            old_password,
            str(self.error_messages["password_incorrect"]),
        )
        return old_password


class SignUpForm(UserCreationForm):
    email = forms.EmailField(label=_("Email"), max_length=254)

    class Meta(UserCreationForm.Meta):
        model = User
        # Not the model's e-mail: its unique constraint would answer "this address has an
        # account" (the form is never saved; ``signup_request`` takes its data).
        fields = ("username",)

    def clean_email(self) -> str:
        # Never "this address has an account": that would tell anyone who is a customer. The
        # link goes to the address either way (``signup_request``).
        return str(self.cleaned_data["email"]).strip()


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's form, but the e-mail goes through the outbox and the account is looked up when
    it is sent: the request does the same work for any address (``password_reset_request``)."""

    def save(  # type: ignore[override]
        self,
        domain_override: str | None = None,
        use_https: bool = False,
        request: Any = None,
        **kwargs: Any,
    ) -> None:
        password_reset_request(
            email=self.cleaned_data["email"],
            domain=domain_override or (request.get_host() if request is not None else ""),
            protocol="https" if use_https else "http",
        )


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Username or email"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )


class AddressForm(forms.ModelForm):
    # Wider than the column so a typed country name gets a helpful message, not "too long".
    country = forms.CharField(
        label=_("Country code"),
        max_length=60,
        help_text=_("Two letters, e.g. DE, FR or GB."),
        widget=forms.TextInput(attrs={"autocomplete": "country", "size": 2}),
    )
    make_default = forms.BooleanField(label=_("Use as my default address"), required=False)

    class Meta:
        model = Address
        fields = ("full_name", "line1", "line2", "city", "postcode", "country", "phone")
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "line1": forms.TextInput(attrs={"autocomplete": "address-line1"}),
            "line2": forms.TextInput(attrs={"autocomplete": "address-line2"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "postcode": forms.TextInput(attrs={"autocomplete": "postal-code"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel"}),
        }

    def clean_country(self) -> str:
        country = self.cleaned_data["country"].strip().upper()
        if len(country) != 2 or not country.isalpha():
            raise forms.ValidationError(_("Enter the two-letter country code, e.g. DE or FR."))
        return country


class AccountDeleteForm(PasswordCheckLimited, forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        self.check_password_limited(self.user, password, str(_("That is not your password.")))
        return password
