"""Order pages: a customer's orders, one order, cancelling it; a guest's order by its link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from recommendations.selectors import hidden_products, row_for_order
from recommendations.services import row_shown
from shop.core.consent import tracked_visitor_key

from ..errors import OrderTransitionError
from ..guests import LookupLinkError, LookupLinkExpiredError, order_lookup_number
from ..selectors import order_get_for_lookup, order_get_for_user, order_list_for_user
from ..services import order_cancel_by_customer
from .checkout import customer


@login_required
def order_list(request: HttpRequest) -> HttpResponse:
    orders = order_list_for_user(user=customer(request))
    return render(request, "orders/order_list.html", {"orders": orders})


@login_required
def order_detail(request: HttpRequest, number: str) -> HttpResponse:
    order = order_get_for_user(user=customer(request), number=number)
    if order is None:
        raise Http404(_("No such order."))
    goes_with = row_for_order(
        product_ids=[line.product_id for line in order.lines.all() if line.product_id],
        hidden=hidden_products(session=request.session),
    )
    row_shown(
        row=goes_with,
        user_id=request.user.pk if request.user.is_authenticated else None,
        visitor_key=tracked_visitor_key(request, create=True),
    )
    return render(
        request, "orders/order_detail.html", {"order": order, "recommendations": goes_with}
    )


@login_required
@require_POST
def order_cancel(request: HttpRequest, number: str) -> HttpResponse:
    user = customer(request)
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


@never_cache  # one shopper's order: never kept by a cache on the way
def order_lookup(request: HttpRequest, token: str) -> HttpResponse:
    """The link in a guest's confirmation e-mail: that one order, read-only. A changed link
    (400), an old one (410) or an order no longer there (404) says so on a page of its own."""
    try:
        number = order_lookup_number(token=token)
    except LookupLinkExpiredError:
        return render(request, "orders/lookup_invalid.html", {"problem": "expired"}, status=410)
    except LookupLinkError:
        return render(request, "orders/lookup_invalid.html", {"problem": "invalid"}, status=400)
    order = order_get_for_lookup(number=number)
    if order is None:
        return render(request, "orders/lookup_invalid.html", {"problem": "gone"}, status=404)
    return render(request, "orders/order_detail.html", {"order": order, "read_only": True})
