"""The wishlist's pages: the list, and the buttons that save, remove and move items."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shop.accounts.models import User
from shop.catalogue.models import Product, ProductVariant
from shop.core.errors import ShopError
from shop.orders.cart import cart_store_for

from .models import SavedItem
from .selectors import saved_item_get, saved_items_for
from .services import (
    cart_line_save_for_later,
    saved_item_add,
    saved_item_move_to_cart,
    saved_item_remove,
)


def _customer(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # login_required
    return request.user


def _own_item(request: HttpRequest, item_id: int) -> SavedItem:
    """One of the signed-in customer's items; anyone else's is a 404, as a missing one."""
    item = saved_item_get(user=_customer(request), item_id=item_id)
    if item is None:
        raise Http404(_("No such saved item."))
    return item


def _back(request: HttpRequest, default: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect(default)


@login_required
def saved_list(request: HttpRequest) -> HttpResponse:
    items = list(saved_items_for(user=_customer(request)))
    return render(request, "wishlist/list.html", {"items": items})


@login_required
@require_POST
def saved_add(request: HttpRequest, product_id: int) -> HttpResponse:
    product = get_object_or_404(Product, pk=product_id, is_active=True)
    variant = None
    if request.POST.get("variant", "").isdigit():
        variant = ProductVariant.objects.filter(
            pk=int(request.POST["variant"]), product=product, is_active=True
        ).first()
    try:
        item = saved_item_add(user=_customer(request), product=product, variant=variant)
    except ShopError as error:
        messages.error(request, error.message)
    else:
        if item.wants_restock_alert:
            messages.success(request, _("Saved. We e-mail you when it is back in stock."))
        else:
            messages.success(request, _("Saved for later."))
    return _back(request, product.get_absolute_url())


@login_required
@require_POST
def saved_remove(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _own_item(request, item_id)
    saved_item_remove(item=item)
    messages.success(request, _("Removed from your saved items."))
    return _back(request, "wishlist:list")


@login_required
@require_POST
def saved_to_cart(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _own_item(request, item_id)
    try:
        saved_item_move_to_cart(item=item, store=cart_store_for(request))
    except ShopError as error:
        messages.error(request, error.message)
        return redirect(item.product.get_absolute_url())
    messages.success(request, _("Moved to your cart."))
    return redirect("orders:cart")


@login_required
@require_POST
def cart_save_for_later(request: HttpRequest, variant_id: int) -> HttpResponse:
    variant = get_object_or_404(ProductVariant.objects.select_related("product"), pk=variant_id)
    if variant_id not in cart_store_for(request).quantities():
        raise Http404(_("That is not in your cart."))
    cart_line_save_for_later(
        user=_customer(request), store=cart_store_for(request), variant=variant
    )
    messages.success(request, _("Saved for later. It is on your saved items list."))
    return redirect("orders:cart")
