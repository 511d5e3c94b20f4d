"""One JSON shape for every API error.

    {"error": {"status": 400, "code": "invalid", "message": "...", "fields": {"name": ["..."]}}}

``fields`` appears only for validation errors. Business-rule refusals from the services
(``ShopError``, payment errors) become 4xx responses with the service's own message, so a client
never sees a 500 for anything it sent.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from shop.core import errors
from shop.orders.payments import PaymentDeclined, PaymentError
from shop.orders.services import (
    OrderNotSavedError,
    OrderTransitionError,
    OutOfStockError,
    ShopError,
)

logger = logging.getLogger(__name__)


def _flatten(detail: Any) -> Any:
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        flat: list[Any] = []
        for item in detail:
            value = _flatten(item)
            flat.extend(value if isinstance(value, list) else [value])
        return flat
    return str(detail)


def error_body(
    status_code: int, code: str, message: str, fields: dict[str, Any] | None = None
) -> dict[str, Any]:
    error: dict[str, Any] = {"status": status_code, "code": code, "message": message}
    if fields:
        error["fields"] = fields
    return {"error": error}


def _domain_error(exc: Exception) -> Response | None:
    if isinstance(exc, errors.ShopError):  # each carries its own status and code
        return Response(error_body(exc.status, exc.code, exc.message), status=exc.status)
    if isinstance(exc, OutOfStockError):
        return Response(error_body(409, "out_of_stock", exc.message), status=409)
    if isinstance(exc, OrderNotSavedError):
        return Response(error_body(503, "unavailable", exc.message), status=503)
    if isinstance(exc, OrderTransitionError):
        return Response(error_body(409, "conflict", exc.message), status=409)
    if isinstance(exc, PaymentDeclined):
        return Response(error_body(402, "payment_declined", exc.message), status=402)
    if isinstance(exc, PaymentError):
        return Response(error_body(503, "payment_unavailable", exc.message), status=503)
    if isinstance(exc, ShopError):
        return Response(error_body(400, "rejected", exc.message), status=400)
    return None


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    domain = _domain_error(exc)
    if domain is not None:
        return domain
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a real bug: Django's 500 handling logs it
    assert isinstance(exc, exceptions.APIException)
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        fields = (
            _flatten(detail) if isinstance(detail, dict) else {"non_field_errors": _flatten(detail)}
        )
        message = _("Some of the data sent is not valid.")
        response.data = error_body(response.status_code, "invalid", message, fields)
    else:
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else "error"
        response.data = error_body(response.status_code, code, str(exc.detail))
    return response


@csrf_exempt
def api_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """JSON 404 for unknown paths under /api/ (instead of the HTML page), whatever the method:
    exempt from CSRF, which would otherwise answer a PUT or POST with an HTML 403."""
    return JsonResponse(
        error_body(status.HTTP_404_NOT_FOUND, "not_found", _("No such API endpoint.")), status=404
    )
