from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.static import serve

from shop.core.views import health

admin.site.site_header = _("Shop administration")
admin.site.site_title = _("Shop admin")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("shop.accounts.urls")),
    path("healthz", health, name="health"),
    path("api/", include("shop.api.urls")),
    path("", include("shop.orders.urls")),
    path("", include("shop.ratings.urls")),
    path("", include("shop.catalogue.urls")),
]

if settings.SERVE_MEDIA:
    # One-machine deployments serve uploaded images from MEDIA_ROOT themselves.
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
