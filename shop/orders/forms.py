from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from shop.accounts.models import Address
from shop.shipping.selectors import not_served_message, served_countries, shipping_for_country

from .carriers import CHOICES as CARRIERS


def country_choices() -> list[tuple[Any, Any]]:
    """Every country, those the shop delivers to first, so nobody has to guess."""
    served = served_countries()
    names = dict(countries)
    return [
        ("", _("Choose your country")),
        (_("We deliver to"), [(code, names.get(code, code)) for code in served]),
        (_("Other countries"), [(c, n) for c, n in countries if c not in set(served)]),
    ]


def served_country_choices() -> list[tuple[str, str]]:
    """Only the countries the shipping zones serve: what a delivery address can name."""
    names = dict(countries)
    return [("", str(_("Choose your country")))] + [
        (code, str(names.get(code, code))) for code in served_countries()
    ]


class CountryForm(forms.Form):
    """The country prices, tax and delivery are shown for (before checkout knows)."""

    country = forms.ChoiceField(label=_("Deliver to"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = country_choices()  # type: ignore[attr-defined]


class QuantityForm(forms.Form):
    quantity = forms.IntegerField(
        label=_("Quantity"),
        min_value=1,
        max_value=999,
        initial=1,
        error_messages={
            "required": _("Enter a quantity."),
            "invalid": _("Enter a whole number."),
            "max_value": _("That is more than we can sell at once."),
            "min_value": _("The quantity must be at least 1."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "qty"}),
    )


class CheckoutAddressForm(forms.Form):
    """Pick a saved address or type a new one (optionally saving it)."""

    saved_address = forms.ModelChoiceField(
        queryset=Address.objects.none(),
        required=False,
        label=_("Saved address"),
        empty_label=_("Use a new address"),
    )
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    line1 = forms.CharField(label=_("Address line 1"), max_length=200, required=False)
    line2 = forms.CharField(label=_("Address line 2"), max_length=200, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=20, required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    save_address = forms.BooleanField(label=_("Save this address"), required=False, initial=True)

    def __init__(self, *args: object, addresses: object = None, **kwargs: object) -> None:
        posted: Any = args[0] if args else None
        if posted is not None and hasattr(posted, "copy") and posted.get("country"):
            # Codes are upper case; accept "gb" as a person would type it.
            posted = posted.copy()
            posted["country"] = str(posted["country"]).strip().upper()
            args = (posted, *args[1:])
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # Any country validates, so an unserved one gets the "we deliver to" answer in clean();
        # the selector offers only those the zones serve.
        self.fields["country"].choices = country_choices()  # type: ignore[attr-defined]
        self.fields["country"].widget.choices = served_country_choices()
        self.fields["country"].widget.attrs["autocomplete"] = "country"
        if addresses is not None:
            self.fields["saved_address"].queryset = addresses  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        saved = data.get("saved_address")
        if saved is not None:
            country = str(getattr(saved, "country", "")).upper()
            if not shipping_for_country(country=country).served:
                self.add_error("saved_address", not_served_message(country=country))
            return data
        for name in ("full_name", "line1", "city", "postcode", "country"):
            if not (data.get(name) or "").strip():
                self.add_error(name, _("This field is required."))
        country = (data.get("country") or "").strip().upper()
        if country and not shipping_for_country(country=country).served:
            self.add_error("country", not_served_message(country=country))
        data["country"] = country
        return data


class GuestCheckoutAddressForm(CheckoutAddressForm):
    """A guest's address: an e-mail address for the confirmation and its order link instead of
    an account, and no address book."""

    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("We send the confirmation and a link to follow your order here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    field_order = ["email"]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["saved_address"]
        del self.fields["save_address"]

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip()


class ShippingForm(forms.Form):
    method = forms.ChoiceField(label=_("Shipping method"), widget=forms.RadioSelect)

    def __init__(self, *args: object, choices: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["method"].choices = choices  # type: ignore[attr-defined]


class PaymentForm(forms.Form):
    holder = forms.CharField(label=_("Name on card"), max_length=100)
    number = forms.CharField(
        label=_("Card number"),
        max_length=23,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "cc-number"}),
    )
    expiry = forms.RegexField(
        label=_("Expiry (MM/YY)"),
        regex=r"^\s*(0[1-9]|1[0-2])\s*/\s*(\d{2})\s*$",
        error_messages={"invalid": _("Enter the expiry as MM/YY.")},
        widget=forms.TextInput(attrs={"autocomplete": "cc-exp", "placeholder": "MM/YY"}),
    )
    cvc = forms.RegexField(
        label=_("Security code"),
        regex=r"^\d{3,4}$",
        error_messages={"invalid": _("Enter the 3 or 4 digits on the back of the card.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "cc-csc"}),
    )

    def clean_number(self) -> str:
        number = self.cleaned_data["number"].replace(" ", "").replace("-", "")
        if not number.isdigit():
            raise forms.ValidationError(_("A card number has only digits."))
        return number

    def expiry_parts(self) -> tuple[int, int]:
        month, year = self.cleaned_data["expiry"].replace(" ", "").split("/")
        return int(month), 2000 + int(year)

    def clean_expiry(self) -> str:
        value: str = self.cleaned_data["expiry"]
        month, year = value.replace(" ", "").split("/")
        today = timezone.localdate()
        if (2000 + int(year), int(month)) < (today.year, today.month):
            raise forms.ValidationError(_("The card has expired."))
        return value


class ShipmentForm(forms.Form):
    """What staff enter when they mark one order shipped: who carries it and its number."""

    carrier = forms.ChoiceField(label=_("Carrier"), choices=CARRIERS)
    tracking_number = forms.CharField(
        label=_("Tracking number"),
        max_length=60,
        help_text=_("As printed on the parcel's label; the customer gets it by e-mail."),
    )

    def clean_tracking_number(self) -> str:
        number = " ".join(self.cleaned_data["tracking_number"].split())
        if not number:
            raise forms.ValidationError(_("Enter the parcel's tracking number."))
        return number
