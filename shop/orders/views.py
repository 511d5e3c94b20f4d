"""Cart, checkout and order pages. Views read input, call services and render."""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from recommendations.selectors import hidden_products, row_for_cart
from recommendations.services import placement_impression
from shop.accounts.models import User
from shop.accounts.selectors import address_list
from shop.accounts.services import address_save
from shop.catalogue.models import Product
from shop.catalogue.selectors import variant_for_choice, variant_get
from shop.core.errors import ShopError
from shop.core.money import money_format
from shop.core.visitor import visitor_key
from shop.shipping.selectors import ShippingOffer

from .cart import cart_store_for, shopper_country, shopper_country_set
from .errors import OrderTransitionError
from .forms import CheckoutAddressForm, CountryForm, PaymentForm, QuantityForm, ShippingForm
from .payments import CardDetails, PaymentError, PaymentMethod, get_payment_backend
from .selectors import (
    cart_summary,
    order_get_by_idempotency_key,
    order_get_for_user,
    order_list_for_user,
)
from .services import (
    ShippingAddress,
    cart_add,
    cart_remove,
    cart_set_quantity,
    order_cancel_by_customer,
    order_place,
)
from .shipping import delivery_for

CHECKOUT_SESSION_KEY = "checkout"


def _customer(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _checkout_state(request: HttpRequest) -> dict[str, Any]:
    state: dict[str, Any] = request.session.get(CHECKOUT_SESSION_KEY) or {}
    return state


def _save_checkout_state(request: HttpRequest, **changes: Any) -> None:
    request.session[CHECKOUT_SESSION_KEY] = {**_checkout_state(request), **changes}


# --- Cart ------------------------------------------------------------------------------------


@never_cache  # a visitor's own cart
def cart_detail(request: HttpRequest) -> HttpResponse:
    country = shopper_country(request)
    summary = cart_summary(store=cart_store_for(request), country=country)
    recommendations = None
    if not summary.is_empty:
        recommendations = row_for_cart(
            product_ids=summary.product_ids, hidden=hidden_products(session=request.session)
        )
        if recommendations.products:
            placement_impression(placement=recommendations.placement)
    return render(
        request,
        "orders/cart.html",
        {
            "cart": summary,
            "recommendations": recommendations,
            "country_form": CountryForm(initial={"country": country}),
        },
    )


@require_POST
def country_set(request: HttpRequest) -> HttpResponse:
    """The shopper says where they are: prices, tax and delivery follow."""
    form = CountryForm(request.POST)
    if form.is_valid():
        shopper_country_set(request, form.cleaned_data["country"])
        delivery = delivery_for(form.cleaned_data["country"])
        if not delivery.served:
            messages.warning(
                request,
                _("We don't deliver to %(country)s yet.") % {"country": delivery.country_name},
            )
    else:
        messages.error(request, _("Choose a country from the list."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "orders:cart"
    return redirect(target)


@require_POST
def cart_add_view(request: HttpRequest, product_id: int) -> HttpResponse:
    """Add the variant the product page's options name (or the product's only one)."""
    product = get_object_or_404(Product, pk=product_id, is_active=True)
    form = QuantityForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors["quantity"]))
        return redirect(product.get_absolute_url())
    choice = {str(k): str(v) for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
    options = {k: v for k, v in choice.items() if k not in ("quantity", "variant", "show")}
    if "show" in choice:  # without JavaScript: the page shows the chosen variant's price
        return redirect(f"{product.get_absolute_url()}?{urlencode(options)}")
    # The radios say what was chosen; the hidden variant only stands alone (the page's script).
    variant = variant_for_choice(
        product=product, choice=options or {"variant": choice.get("variant", "")}
    )
    if variant is None:
        messages.error(request, _("Please choose from every option before adding it."))
        query = urlencode(options)
        return redirect(f"{product.get_absolute_url()}?{query}" if query else product)
    user = request.user if isinstance(request.user, User) else None
    try:
        cart_add(
            store=cart_store_for(request),
            variant=variant,
            quantity=form.cleaned_data["quantity"],
            user=user,
            session_key="" if user else visitor_key(request),
        )
    except ShopError as error:  # a bad quantity, out of stock, no longer sold
        messages.error(request, error.message)
        return redirect(product.get_absolute_url())
    messages.success(request, _("Added %(title)s to your cart.") % {"title": variant.title})
    return redirect("orders:cart")


@require_POST
def cart_update_view(request: HttpRequest, variant_id: int) -> HttpResponse:
    variant = variant_get(variant_id=variant_id)
    if variant is None:
        raise Http404(_("No such product."))
    form = QuantityForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors["quantity"]))
        return redirect("orders:cart")
    try:
        cart_set_quantity(
            store=cart_store_for(request), variant=variant, quantity=form.cleaned_data["quantity"]
        )
    except ShopError as error:  # a bad quantity, out of stock, no longer sold
        messages.error(request, error.message)
    else:
        messages.success(request, _("Cart updated."))
    return redirect("orders:cart")


@require_POST
def cart_remove_view(request: HttpRequest, variant_id: int) -> HttpResponse:
    cart_remove(store=cart_store_for(request), variant_id=variant_id)
    messages.success(request, _("Removed from your cart."))
    return redirect("orders:cart")


# --- Checkout --------------------------------------------------------------------------------


def _checkout_country(request: HttpRequest) -> str:
    address = _checkout_state(request).get("address") or {}
    return str(address.get("country") or shopper_country(request))


def _cart_or_redirect(request: HttpRequest) -> Any:
    summary = cart_summary(store=cart_store_for(request), country=_checkout_country(request))
    if summary.is_empty:
        messages.info(request, _("Your cart is empty."))
        return None, redirect("orders:cart")
    if summary.has_problems:
        messages.error(request, _("Please fix the problems in your cart first."))
        return None, redirect("orders:cart")
    return summary, None


@login_required
def checkout_address(request: HttpRequest) -> HttpResponse:
    summary, bounce = _cart_or_redirect(request)
    if bounce:
        return bounce
    user = _customer(request)
    addresses = address_list(user=user)
    form = CheckoutAddressForm(
        request.POST or None,
        addresses=addresses,
        initial={"saved_address": addresses.filter(is_default=True).first()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = data.get("saved_address")
        if saved is not None:
            address = {f: getattr(saved, f) for f in ShippingAddress.__dataclass_fields__}
        else:
            address = {f: (data.get(f) or "").strip() for f in ShippingAddress.__dataclass_fields__}
            if data.get("save_address"):
                from shop.accounts.models import Address

                address_save(address=Address(user=user, **address), make_default=False)
        _save_checkout_state(request, address=address)
        shopper_country_set(request, address["country"])
        return redirect("orders:checkout_shipping")
    return render(
        request, "orders/checkout_address.html", {"form": form, "cart": summary, "step": 1}
    )


@login_required
def checkout_shipping(request: HttpRequest) -> HttpResponse:
    summary, bounce = _cart_or_redirect(request)
    if bounce:
        return bounce
    if "address" not in _checkout_state(request):
        return redirect("orders:checkout_address")
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


@login_required
def checkout_payment(request: HttpRequest) -> HttpResponse:
    summary, bounce = _cart_or_redirect(request)
    if bounce:
        return bounce
    if "method" not in _checkout_state(request):
        return redirect("orders:checkout_shipping")
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


@login_required
def checkout_review(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        # A repeated submission of a form that already placed its order shows that order.
        placed = order_get_by_idempotency_key(
            user=_customer(request), key=request.POST.get("idempotency_key", "")
        )
        if placed is not None:
            return redirect("orders:confirmation", number=placed.number)
    summary, bounce = _cart_or_redirect(request)
    if bounce:
        return bounce
    state = _checkout_state(request)
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
        try:
            order = order_place(
                user=_customer(request),
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
            "idempotency_key": secrets.token_hex(16),
            "step": 4,
        },
    )


@login_required
def checkout_confirmation(request: HttpRequest, number: str) -> HttpResponse:
    order = order_get_for_user(user=_customer(request), number=number)
    if order is None:
        raise Http404(_("No such order."))
    return render(request, "orders/confirmation.html", {"order": order, "step": 5})


# --- Orders ----------------------------------------------------------------------------------


@login_required
def order_list(request: HttpRequest) -> HttpResponse:
    orders = order_list_for_user(user=_customer(request))
    return render(request, "orders/order_list.html", {"orders": orders})


@login_required
def order_detail(request: HttpRequest, number: str) -> HttpResponse:
    order = order_get_for_user(user=_customer(request), number=number)
    if order is None:
        raise Http404(_("No such order."))
    return render(request, "orders/order_detail.html", {"order": order})


@login_required
@require_POST
def order_cancel(request: HttpRequest, number: str) -> HttpResponse:
    user = _customer(request)
    order = order_get_for_user(user=user, number=number)
    if order is None:
        raise Http404(_("No such order."))
    try:
        order_cancel_by_customer(user=user, order=order)
    except OrderTransitionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Order %(number)s is cancelled.") % {"number": number})
    return redirect("orders:detail", number=number)
