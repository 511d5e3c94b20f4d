"""Checkout pages: address, delivery, payment, review and confirmation, for a signed-in
customer or a guest (an e-mail address instead of an account; ``shop.orders.guests``)."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from shop.accounts.models import Address, User
from shop.accounts.selectors import address_list
from shop.accounts.services import address_save
from shop.core.errors import ShopError
from shop.core.money import money_format
from shop.shipping.selectors import ShippingOffer

from ..cart import cart_store_for, shopper_country, shopper_country_set
from ..forms import CheckoutAddressForm, GuestCheckoutAddressForm, PaymentForm, ShippingForm
from ..guests import Guest, order_lookup_token
from ..payments import CardDetails, PaymentError, PaymentMethod, get_payment_backend
from ..selectors import (
    cart_summary,
    order_get_by_guest_key,
    order_get_by_idempotency_key,
    order_get_for_guest,
    order_get_for_user,
)
from ..services import ShippingAddress, order_place

CHECKOUT_SESSION_KEY = "checkout"
# A guest's secret for this browser session (scopes their idempotency keys), and the orders
# they placed in it (their confirmation pages). Both outlive one checkout.
GUEST_SECRET_KEY = "guest-secret"
GUEST_ORDERS_KEY = "guest-orders"


def customer(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _signed_in(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


def _guest_secret(request: HttpRequest) -> str:
    secret = request.session.get(GUEST_SECRET_KEY)
    if not secret:
        secret = request.session[GUEST_SECRET_KEY] = secrets.token_hex(16)
    return str(secret)


def _checkout_state(request: HttpRequest) -> dict[str, Any]:
    state: dict[str, Any] = request.session.get(CHECKOUT_SESSION_KEY) or {}
    return state


def _save_checkout_state(request: HttpRequest, **changes: Any) -> None:
    request.session[CHECKOUT_SESSION_KEY] = {**_checkout_state(request), **changes}


def _checkout_country(request: HttpRequest) -> str:
    address = _checkout_state(request).get("address") or {}
    return str(address.get("country") or shopper_country(request))


def _cart_or_redirect(request: HttpRequest, *, needs: str = "", else_to: str = "") -> Any:
    """(the cart, None) when checkout may go on; else (None, where to go instead): the cart
    when it is empty or has problems, ``else_to`` when an earlier step left ``needs`` unset."""
    summary = cart_summary(store=cart_store_for(request), country=_checkout_country(request))
    if summary.is_empty:
        messages.info(request, _("Your cart is empty."))
        return None, redirect("orders:cart")
    if summary.has_problems:
        messages.error(request, _("Please fix the problems in your cart first."))
        return None, redirect("orders:cart")
    if needs and needs not in _checkout_state(request):
        return None, redirect(else_to)
    return summary, None


def _address_form(request: HttpRequest) -> CheckoutAddressForm:
    user = _signed_in(request)
    if user is None:
        state = _checkout_state(request)
        initial = {**(state.get("address") or {}), "email": state.get("email", "")}
        return GuestCheckoutAddressForm(request.POST or None, initial=initial)
    addresses = address_list(user=user)
    return CheckoutAddressForm(
        request.POST or None,
        addresses=addresses,
        initial={"saved_address": addresses.filter(is_default=True).first()},
    )


@never_cache  # a shopper's own checkout
def checkout_address(request: HttpRequest) -> HttpResponse:
    summary, bounce = _cart_or_redirect(request)
    if bounce:
        return bounce
    user = _signed_in(request)
    form = _address_form(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = data.get("saved_address")
        if saved is not None:
            address = {f: getattr(saved, f) for f in ShippingAddress.__dataclass_fields__}
        else:
            address = {f: (data.get(f) or "").strip() for f in ShippingAddress.__dataclass_fields__}
            if user is not None and data.get("save_address"):
                address_save(address=Address(user=user, **address), make_default=False)
        if user is None:
            _save_checkout_state(request, email=data["email"])
        _save_checkout_state(request, address=address)
        shopper_country_set(request, address["country"])
        return redirect("orders:checkout_shipping")
    return render(
        request,
        "orders/checkout_address.html",
        {"form": form, "cart": summary, "step": 1, "guest": user is None},
    )


@never_cache
def checkout_shipping(request: HttpRequest) -> HttpResponse:
    summary, bounce = _cart_or_redirect(request, needs="address", else_to="orders:checkout_address")
    if bounce:
        return bounce
    options = summary.shipping_options()
    if not options:  # the zone lost its methods since the address step
        messages.error(request, _("We can't deliver to this address. Please choose another."))
        return redirect("orders:checkout_address")
    language = getattr(request, "LANGUAGE_CODE", None)
    choices = [
        (
            o.method.code,
            _("%(method)s (%(price)s, %(days)s working days)")
            % {
                "method": o.method.name,
                "price": money_format(o.price, summary.currency, language)
                if o.price
                else _("free"),
                "days": o.method.days,
            },
        )
        for o in options
    ]
    form = ShippingForm(
        request.POST or None,
        choices=choices,
        initial={"method": _checkout_state(request).get("method", "standard")},
    )
    if request.method == "POST" and form.is_valid():
        _save_checkout_state(request, method=form.cleaned_data["method"])
        return redirect("orders:checkout_payment")
    return render(
        request,
        "orders/checkout_shipping.html",
        {"form": form, "cart": summary, "options": options, "step": 2},
    )


@never_cache
def checkout_payment(request: HttpRequest) -> HttpResponse:
    summary, bounce = _cart_or_redirect(request, needs="method", else_to="orders:checkout_shipping")
    if bounce:
        return bounce
    form = PaymentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        month, year = form.expiry_parts()
        card = CardDetails(
            number=form.cleaned_data["number"],
            expiry_month=month,
            expiry_year=year,
            cvc=form.cleaned_data["cvc"],
            holder=form.cleaned_data["holder"],
        )
        try:
            method = get_payment_backend().tokenise(card)
        except PaymentError as error:
            form.add_error("number", error.message)
        else:
            # Only the token is kept: the card number never reaches the session or database.
            _save_checkout_state(
                request,
                payment={
                    "token": method.token,
                    "label": method.label,
                    "fingerprint": method.fingerprint,
                },
            )
            return redirect("orders:checkout_review")
    return render(
        request, "orders/checkout_payment.html", {"form": form, "cart": summary, "step": 3}
    )


@never_cache
def checkout_review(request: HttpRequest) -> HttpResponse:
    user = _signed_in(request)
    if request.method == "POST":
        # A repeated submission of a form that already placed its order shows that order.
        key = request.POST.get("idempotency_key", "")
        if user is not None:
            placed = order_get_by_idempotency_key(user=user, key=key)
        else:
            placed = order_get_by_guest_key(secret=_guest_secret(request), key=key)
        if placed is not None:
            return redirect("orders:confirmation", number=placed.number)
    summary, bounce = _cart_or_redirect(request)
    if bounce:
        return bounce
    state = _checkout_state(request)
    if user is None and "email" not in state:
        return redirect("orders:checkout_address")
    if "payment" not in state or "address" not in state or "method" not in state:
        return redirect("orders:checkout_payment")
    method: ShippingOffer | None = summary.delivery.offer(state["method"])
    if method is None:
        return redirect("orders:checkout_shipping")
    priced = summary.priced_with(method)
    if request.method == "POST":
        key = request.POST.get("idempotency_key", "")
        if not (16 <= len(key) <= 64 and key.isalnum()):
            messages.error(request, _("Your checkout form expired. Please review and try again."))
            return redirect("orders:checkout_review")
        guest = None if user else Guest(email=state["email"], secret=_guest_secret(request))
        try:
            order = order_place(
                user=user,
                guest=guest,
                store=cart_store_for(request),
                address=ShippingAddress(**state["address"]),
                shipping_method_code=method.code,
                payment=PaymentMethod(**state["payment"]),
                idempotency_key=key,
            )
        except ShopError as error:  # stock, prices, the payment, the database: all said plainly
            messages.error(request, error.message)
            target = "orders:checkout_payment" if isinstance(error, PaymentError) else "orders:cart"
            return redirect(target)
        request.session.pop(CHECKOUT_SESSION_KEY, None)
        if guest is not None:  # this browser may show its confirmation, and no other's
            placed_here = request.session.get(GUEST_ORDERS_KEY, [])
            request.session[GUEST_ORDERS_KEY] = [*placed_here, order.number][-20:]
        return redirect("orders:confirmation", number=order.number)
    return render(
        request,
        "orders/checkout_review.html",
        {
            "cart": summary,
            "address": ShippingAddress(**state["address"]),
            "method": method,
            "priced": priced,
            "tax_lines": [(tax.rate, tax.amount) for tax in priced.taxes],
            "country_name": summary.delivery.country_name,
            "payment_label": state["payment"]["label"],
            "guest_email": "" if user else state["email"],
            "idempotency_key": secrets.token_hex(16),
            "step": 4,
        },
    )


@never_cache
def checkout_confirmation(request: HttpRequest, number: str) -> HttpResponse:
    user = _signed_in(request)
    if user is not None:
        order = order_get_for_user(user=user, number=number)
    elif number in request.session.get(GUEST_ORDERS_KEY, []):
        order = order_get_for_guest(number=number)
    else:  # a guest sees the orders placed in this browser, nobody else's
        order = None
    if order is None:
        raise Http404(_("No such order."))
    context: dict[str, Any] = {"order": order, "step": 5}
    if order.user_id is None:
        token = order_lookup_token(number=order.number)
        context["lookup_url"] = reverse("orders:lookup", kwargs={"token": token})
    return render(request, "orders/confirmation.html", context)
