"""Cart pages: the cart, the shopper's country, adding, changing and removing lines."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from recommendations.selectors import hidden_products, row_for_cart
from recommendations.services import row_shown
from shop.accounts.models import User
from shop.catalogue.models import Product
from shop.catalogue.selectors import variant_for_choice, variant_get
from shop.core.consent import tracked_visitor_key
from shop.core.errors import ShopError
from shop.core.visitor import visitor_key

from ..cart import cart_store_for, shopper_country, shopper_country_set
from ..forms import CountryForm, QuantityForm
from ..selectors import cart_summary
from ..services import cart_add, cart_remove, cart_set_quantity
from ..shipping import delivery_for


@never_cache  # a visitor's own cart
def cart_detail(request: HttpRequest) -> HttpResponse:
    country = shopper_country(request)
    summary = cart_summary(store=cart_store_for(request), country=country)
    recommendations = None
    if not summary.is_empty:
        recommendations = row_for_cart(
            product_ids=summary.product_ids, hidden=hidden_products(session=request.session)
        )
        row_shown(
            row=recommendations,
            user_id=request.user.pk if request.user.is_authenticated else None,
            visitor_key=tracked_visitor_key(request, create=True),
        )
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
