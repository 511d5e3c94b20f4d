"""The shop's URLs for the browser suite, with /media/ served from the storage the tests write
to (an in-memory storage, config/settings/test.py) instead of MEDIA_ROOT on disk, so that the
live server shows the galleries the tests make and the screenshots show real images."""

from __future__ import annotations

import mimetypes

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest
from django.urls import re_path

from config.urls import urlpatterns as shop_urlpatterns


def media(request: HttpRequest, path: str) -> FileResponse:
    if "\x00" in path or not default_storage.exists(path):
        raise Http404(path)
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    return FileResponse(default_storage.open(path), content_type=content_type)


urlpatterns = [re_path(r"^media/(?P<path>.+)$", media), *shop_urlpatterns]
