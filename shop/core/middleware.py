"""Cache headers for personal responses.

Whatever a signed-in customer is shown (account, orders, checkout, the header with their name)
is theirs: ``Cache-Control: private, no-store`` keeps it out of shared caches and off the disk
of a shared computer. API answers also depend on the ``Authorization`` header (a token is
another customer), which ``Vary`` says, so no cache hands one customer's answer to another.
Views for visitors' own data (the cart) mark themselves with ``never_cache``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers


class PersonalResponsesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/api/"):
            patch_vary_headers(response, ["Authorization"])
        # After the view: an API token's user is known only once DRF has authenticated it.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
