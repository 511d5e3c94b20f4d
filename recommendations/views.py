"""The shopper's own word about a recommendation: "Not interested"."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shop.accounts.models import User
from shop.api.selectors import product_get_active
from shop.core.consent import tracked_visitor_key

from .services import recommendation_dismiss


@require_POST
def not_interested(request: HttpRequest) -> HttpResponse:
    """Hide a recommended product (and its close substitutes) from this shopper's rows, then
    go back to the page it was on."""
    raw = request.POST.get("product", "")
    product = product_get_active(product_id=int(raw)) if raw.isdigit() else None
    if product is None:
        raise Http404(_("No such product."))
    user = request.user if isinstance(request.user, User) else None
    recommendation_dismiss(
        session=request.session,
        product_id=product.pk,
        user_id=user.pk if user else None,
        # A visitor's signal is kept for the next build only with their consent to analytics.
        visitor_key="" if user else tracked_visitor_key(request, create=True),
    )
    messages.success(
        request,
        _("We will no longer suggest “%(title)s” or products like it.") % {"title": product.title},
    )
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("catalogue:home")
