from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class VoucherForm(forms.Form):
    code = forms.CharField(label=_("Voucher code"), max_length=40, strip=True)
