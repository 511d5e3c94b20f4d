"""The cart's voucher form: apply a code, or remove it. Views read input, call services and
redirect back to the cart with a message."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shop.core.money import money_format
from shop.orders.cart import cart_store_for, shopper_country

from .forms import VoucherForm
from .services import VoucherError, voucher_apply, voucher_remove


@require_POST
def voucher_apply_view(request: HttpRequest) -> HttpResponse:
    form = VoucherForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a voucher code."))
        return redirect("orders:cart")
    store = cart_store_for(request)
    try:
        summary = voucher_apply(
            store=store,
            code=form.cleaned_data["code"],
            country=shopper_country(request),
            user_id=store.owner_id,
        )
    except VoucherError as error:
        messages.error(request, error.message)
        return redirect("orders:cart")
    saved = money_format(summary.quote.savings, summary.currency, get_language())
    if summary.quote.savings:
        text = _("Code %(code)s applied: you save %(amount)s.")
    else:
        text = _("Code %(code)s applied: free delivery at checkout.")
    messages.success(request, text % {"code": store.voucher_code(), "amount": saved})
    return redirect("orders:cart")


@require_POST
def voucher_remove_view(request: HttpRequest) -> HttpResponse:
    voucher_remove(store=cart_store_for(request))
    messages.info(request, _("The voucher code was removed."))
    return redirect("orders:cart")
