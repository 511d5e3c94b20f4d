"""What every operation documents: the one error body, and the error codes it can return.

Use ``api_responses`` in each ``@extend_schema``: it adds the answers any request can get
(401 for a bad token, 406 for an ``Accept`` that is not JSON, 429 when throttled) to the codes
the operation itself names, so the schema lists every code an operation can return.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

ERROR_DESCRIPTIONS: dict[int, str] = {
    400: "Bad input: `error.fields` names each field with its messages.",
    401: "Not signed in, or the token is not valid.",
    402: "The card was declined.",
    403: "Not allowed (e.g. staff only, or a missing CSRF token with session authentication).",
    404: "Not found (or not yours), or a page number past the end.",
    405: "This method is not allowed here.",
    406: "Only `application/json` responses are offered.",
    409: "The request conflicts with the current state (e.g. out of stock, already shipped).",
    415: "The body must be `application/json`.",
    422: "Well-formed but contradicting an earlier request (e.g. an `Idempotency-Key` reused "
    "for a different checkout: `idempotency_key_reused`).",
    429: "Too many requests; the `Retry-After` header says when to try again.",
    503: "A service the request needs (the payment gateway, the task queue) is not answering; "
    "nothing changed.",
}

# Codes any operation can answer with, whatever it does.
ALWAYS = (401, 406, 429)
# Codes any operation with a JSON body can answer with.
WITH_BODY = (400, 403, 415)


class ErrorDetailSerializer(serializers.Serializer):
    status = serializers.IntegerField(help_text="The HTTP status code, repeated.")
    code = serializers.CharField(help_text="A stable machine-readable code, e.g. `invalid`.")
    message = serializers.CharField(help_text="A message for people.")
    # The serializer's metaclass moves declared fields aside, so this does not shadow
    # ``Serializer.fields`` at run time; only the type checker sees the clash.
    fields = serializers.DictField(  # type: ignore[assignment]
        child=serializers.JSONField(),
        required=False,
        help_text="Only for validation errors: field name to a list of messages "
        "(nested objects for nested fields).",
    )


class ErrorSerializer(serializers.Serializer):
    """The shape of every error the API returns."""

    error = ErrorDetailSerializer()


def error_response(code: int) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[code])


def api_responses(success: dict[int, Any], *errors: int, body: bool = False) -> dict[int, Any]:
    """``success`` plus the error codes named, those of a body (``body=True``) and ``ALWAYS``."""
    codes = set(errors) | set(ALWAYS) | (set(WITH_BODY) if body else set())
    responses: dict[int, Any] = dict(success)
    for code in sorted(codes):
        responses.setdefault(code, error_response(code))
    return responses


IDEMPOTENCY_KEY_HEADER = OpenApiParameter(
    name="Idempotency-Key",
    location=OpenApiParameter.HEADER,
    required=True,
    type=str,
    pattern=r"^[A-Za-z0-9_-]{16,64}$",
    description="A unique key per checkout attempt (16 to 64 letters, digits, `-` or `_`, "
    "e.g. a UUID). Sending the same key with the same request again returns the order it placed, "
    "with 200; with a different request, 422.",
)
