"""The load benchmark's WSGI application: the shop, and a bare WSGI answer beside it.

gunicorn serves ``benchmarks.floor_wsgi:application`` with the shop's own configuration;
``/__bare/`` never reaches Django (no middleware, no URL resolver), so its throughput is what
gunicorn and the WSGI layer alone give on the machine. Every other path is the shop.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from config.wsgi import application as shop_application

BARE_PATH = "/__bare/"
_BODY = b"ok"
_HEADERS = [("Content-Type", "text/plain"), ("Content-Length", str(len(_BODY)))]


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    if environ.get("PATH_INFO") == BARE_PATH:
        start_response("200 OK", _HEADERS)
        return [_BODY]
    return shop_application(environ, start_response)
