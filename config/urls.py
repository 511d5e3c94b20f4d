from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path, register_converter
from django.utils.translation import gettext_lazy as _
from django.views.static import serve

from shop.api.base import IdConverter
from shop.core.views import health, robots_txt

from .sitemaps import SITEMAPS

admin.site.site_header = _("Shop administration")
admin.site.site_title = _("Shop admin")

# Before any API's urls are read: every API names its ids <api_id:...>.
register_converter(IdConverter, "api_id")

# The API, one namespace: the apps' own endpoints, then the shop's (whose catch-all 404 is last).
api_patterns = [
    path("chat/", include("customer_service.api_urls")),
    path("recommendations/", include("recommendations.api_urls")),
    path("wishlist/", include("shop.wishlist.api_urls")),
    path("search/", include("shop.search.api_urls")),
    path("", include("shop.api.urls")),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("shop.accounts.urls")),
    path("healthz", health, name="health"),
    path("robots.txt", robots_txt, name="robots"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("", include("shop.core.urls")),
    path("api/", include((api_patterns, "api"))),
    path("", include("shop.orders.urls")),
    path("", include("shop.promotions.urls")),
    path("", include("shop.ratings.urls")),
    path("", include("shop.wishlist.urls")),
    path("", include("shop.offers.urls")),
    path("", include("recommendations.urls")),
    path("", include("shop.catalogue.urls")),
]

if settings.SERVE_MEDIA:
    # One-machine deployments serve uploaded images from MEDIA_ROOT themselves.
    urlpatterns += [
        # A NUL byte names no file (and would make the file system call fail): a 404.
        re_path(r"^media/(?P<path>[^\x00]*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
