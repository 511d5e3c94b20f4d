"""Who sent a request: the client's address, seen through the proxies the shop trusts.

Behind a TLS proxy every request comes from the proxy's address, so throttles and the login
lockout need the address the proxy saw. Only the proxies themselves can be trusted to say it:
each appends the address it received the request from to ``X-Forwarded-For``, and whatever a
client wrote there itself comes before those. With ``TRUSTED_PROXY_COUNT = n`` the client is the
n-th address from the end; with 0 (the default: no proxy) it is ``REMOTE_ADDR`` and the header
is ignored, so a client cannot pick its own identity. This is Django REST framework's rule for
``NUM_PROXIES``, which the settings set to the same count: the API's throttles, the login
lockout (django-axes, ``AXES_CLIENT_IP_CALLABLE``) and the per-address login limit agree.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    remote = str(request.META.get("REMOTE_ADDR", ""))
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if not count or not forwarded:
        return remote
    addresses = str(forwarded).split(",")
    return addresses[-min(count, len(addresses))].strip()
