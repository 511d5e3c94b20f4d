"""The REST API under /api/: OpenAPI schema, docs, and every app's endpoints."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from .exceptions import api_not_found

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("chat/", include("customer_service.api_urls")),
    re_path(r"^.*$", api_not_found),
]
