"""Operational endpoints."""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


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
