"""Deploy checks of core: behind a proxy, the shop must know how many to trust."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def proxy_without_trusted_count(app_configs: Any, **kwargs: Any) -> list[Error]:
    if not settings.SECURE_PROXY_SSL_HEADER or settings.TRUSTED_PROXY_COUNT >= 1:
        return []
    return [
        Error(
            "SECURE_PROXY_SSL_HEADER says a proxy stands in front of the shop, but "
            "TRUSTED_PROXY_COUNT is not set: every client would have the proxy's address, so one "
            "client's failed logins would lock the whole shop out and throttles would count "
            "everyone as one.",
            hint="Set TRUSTED_PROXY_COUNT to the number of proxies in front of gunicorn that "
            "append to X-Forwarded-For (1 for one nginx or load balancer; see README, 'Behind a "
            "proxy').",
            id="core.E001",
        )
    ]
