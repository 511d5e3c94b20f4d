"""Data every storefront page needs from core: the shop's name and contact details, the page's
canonical address and whether search engines may index it. The category navigation and the
cart count come from the catalogue's and orders' own context processors."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from .consent import consent_banner

# A visitor's own pages: nothing a search engine should list.
NOINDEX_PREFIXES = ("/cart/", "/checkout/", "/accounts/", "/orders/", "/country/", "/saved/")


def storefront(request: HttpRequest) -> dict[str, Any]:
    if request.path.startswith("/admin/"):
        return {}
    root = f"{request.scheme}://{request.get_host()}"
    canonical = root + request.path
    page = request.GET.get("page", "")
    if page.isdigit() and page != "1":  # later pages of a listing are pages of their own
        canonical += f"?page={page}"
    return {
        "shop_name": settings.SHOP_NAME,
        "shop": {
            "legal_name": settings.SHOP_LEGAL_NAME,
            "address": settings.SHOP_ADDRESS,
            "email": settings.SHOP_EMAIL,
            "phone": settings.SHOP_PHONE,
            "vat_id": settings.SHOP_VAT_ID,
        },
        # The one return window: pages, e-mails (shop/orders/services/emails.py) and the FAQ.
        "return_days": settings.RETURN_WINDOW_DAYS,
        "site_root": root,
        # Filters, sorting and tracking parameters name no page of their own.
        "canonical_url": canonical,
        "noindex": request.path.startswith(NOINDEX_PREFIXES),
        # Rendered only where a template shows it (a cached page shows its hole instead).
        "consent_banner": partial(consent_banner, request),
    }
