"""The shop's URLs plus the floor view, for ``config.settings.benchmark`` only.

``/__floor/`` answers a constant text through every middleware (sessions, CSRF, CSP,
locale...), with no database query and no template: the most a page could hope to reach on
this stack. It is first in the list, so resolving it costs one pattern.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from .urls import urlpatterns as shop_urlpatterns

FLOOR_PATH = "/__floor/"


def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path(FLOOR_PATH.strip("/") + "/", floor, name="benchmark_floor"), *shop_urlpatterns]
