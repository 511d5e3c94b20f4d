"""The offer slot's HTML (a hole in the cached home page, a tag elsewhere) and its click link."""

from __future__ import annotations

from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from shop.accounts.models import User
from shop.core.errors import ShopError
from shop.core.visitor import visitor_key

from .models import Placement
from .selectors import shopper_segment
from .services import offer_choose, offer_click_record

CLICK_SALT = "shop.offers.click"


def _user_id(request: HttpRequest) -> int | None:
    return request.user.pk if isinstance(request.user, User) else None


def click_url(*, promotion_id: int, segment: str, placement: str, target: str) -> str:
    """The slot's link: signed, so a click names only an offer really shown, in the segment
    and placement it was shown in. The same for every visitor who sees that offer."""
    token = signing.dumps(
        {"o": promotion_id, "s": segment, "p": placement, "u": target}, salt=CLICK_SALT
    )
    return reverse("offers:click", kwargs={"token": token})


def slot_html(request: HttpRequest, placement: str) -> str:
    """The slot for this shopper: an offer they can use, or nothing at all."""
    segment = shopper_segment(user_id=_user_id(request))
    offer = offer_choose(segment=segment, placement=placement)
    if offer is None:
        return ""
    return render_to_string(
        "offers/slot.html",
        {
            "offer": offer,
            "placement": placement,
            "click_url": click_url(
                promotion_id=offer.promotion_id,
                segment=segment,
                placement=placement,
                target=offer.url,
            ),
        },
    )


def home_slot(request: HttpRequest) -> str:
    """Fills the home page's hole on every request (cached pages are visitors' only)."""
    return slot_html(request, Placement.HOME)


@never_cache
@require_GET
def offer_click(request: HttpRequest, token: str) -> HttpResponse:
    """Count the click and go to what the offer covers."""
    try:
        data = signing.loads(token, salt=CLICK_SALT)
        promotion_id, segment, placement, target = data["o"], data["s"], data["p"], data["u"]
    except (signing.BadSignature, KeyError, TypeError) as error:
        raise Http404("This offer link is not valid.") from error
    try:
        offer_click_record(
            promotion_id=int(promotion_id),
            segment=str(segment),
            placement=str(placement),
            user_id=_user_id(request),
            visitor_key=visitor_key(request),
        )
    except ShopError as error:
        raise Http404(error.message) from error
    if not url_has_allowed_host_and_scheme(str(target), allowed_hosts=None):
        target = reverse("catalogue:product_list")
    return HttpResponseRedirect(str(target))
