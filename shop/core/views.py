"""Operational endpoints, robots.txt and the shop's information pages."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache

from shop.shipping.selectors import country_name, shipping_zones

from . import consent

logger = logging.getLogger(__name__)

# Pages that are a visitor's own, or endless variations of a listing: not for crawlers. The
# offers' click-tracking links (``/offers/go/<token>/``) would count a crawler's visit as a
# shopper's click and skew the bandit.
ROBOTS_DISALLOW = (
    "/cart/",
    "/checkout/",
    "/accounts/",
    "/orders/",
    "/api/",
    "/admin/",
    "/search/",
    "/offers/",
)


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers: the database must answer; the cache may be degraded."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        logger.exception("health check: database unavailable")
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    cache_ok = True
    try:
        cache.set("health:ping", "1", 5)
        cache_ok = cache.get("health:ping") == "1"
    except Exception:
        cache_ok = False
    return JsonResponse(
        {"status": "ok", "database": "ok", "cache": "ok" if cache_ok else "degraded"}
    )


@cache_control(public=True, max_age=3600)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", *(f"Disallow: {prefix}" for prefix in ROBOTS_DISALLOW)]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def cookie_settings(request: HttpRequest) -> HttpResponse:
    """The cookie choice: shown (GET) and saved (POST, from this page or the banner), then back
    to the page the visitor was on."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("catalogue:home")
    if request.method == "POST":
        choice = request.POST.get("choice", "")
        if choice in consent.CHOICES:
            response: HttpResponse = redirect(next_url)
            consent.consent_remember(response, choice=choice)
            consent.consent_announce(request, choice=choice)
            messages.success(request, _("Your cookie choice is saved."))
            return response
        error = _("Choose necessary cookies only, or analytics as well.")
        return render(
            request,
            "pages/cookies.html",
            {"choice": consent.consent_choice(request), "next": next_url, "error": error},
            status=400,
        )
    return render(
        request,
        "pages/cookies.html",
        {"choice": consent.consent_choice(request), "next": next_url},
    )


def info_page(request: HttpRequest, template: str) -> HttpResponse:
    return render(request, template)


def shipping_page(request: HttpRequest) -> HttpResponse:
    """Delivery prices and times per zone, as checkout charges them."""
    zones = [
        {
            "name": zone.name,
            "countries": sorted(country_name(code) for code in zone.countries),
            "offers": zone.offers,
        }
        for zone in shipping_zones()
        if zone.offers
    ]
    return render(request, "pages/shipping.html", {"zones": zones})
