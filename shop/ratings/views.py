from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shop.accounts.models import User
from shop.catalogue.models import Product

from .forms import ReviewForm
from .selectors import review_get_own
from .services import ReviewError, review_delete, review_submit


@login_required
@require_POST
def review_save(request: HttpRequest, product_id: int) -> HttpResponse:
    assert isinstance(request.user, User)
    product = get_object_or_404(Product, pk=product_id, is_active=True)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(product.get_absolute_url() + "#reviews")
    try:
        review_submit(user=request.user, product=product, **form.cleaned_data)
    except ReviewError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Thank you! Your review is saved."))
    return redirect(product.get_absolute_url() + "#reviews")


@login_required
@require_POST
def review_remove(request: HttpRequest, product_id: int) -> HttpResponse:
    assert isinstance(request.user, User)
    product = get_object_or_404(Product, pk=product_id)
    review = review_get_own(user=request.user, product=product)
    if review is not None:
        review_delete(user=request.user, review=review)
        messages.success(request, _("Your review is deleted."))
    return redirect(product.get_absolute_url() + "#reviews")
