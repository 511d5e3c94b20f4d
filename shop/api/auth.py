"""``/api/auth/token/``: a token for a username (or e-mail) and password, and revoking it.

The browser needs none of this: a signed-in session works on every endpoint (unsafe methods
then need the CSRF token, as forms do).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, AuthenticationFailed
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from shop.accounts.limits import login_address_blocked
from shop.accounts.models import User

from .authentication import token_expires_at
from .base import ApiView, api_customer, http_request
from .fields import StrictCharField
from .schema import api_responses
from .services import token_for, token_revoke
from .throttling import LoginRateThrottle


class LockedOut(APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_detail = _("Too many failed sign-in attempts. Please try again later.")
    default_code = "locked_out"


class TokenRequestSerializer(serializers.Serializer):
    username = StrictCharField(max_length=254, help_text="Your username or e-mail address.")
    password = StrictCharField(max_length=4096, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send it as `Authorization: Token <token>`.")
    expires_at = serializers.DateTimeField(
        help_text="After this the token is refused (401): get a new one. A password change or "
        "reset ends it at once."
    )


class TokenApi(ApiView):
    permission_classes = [AllowAny]
    throttle_classes = [LoginRateThrottle]

    def get_permissions(self) -> list[Any]:
        if self.request.method == "DELETE":
            return [IsAuthenticated()]
        return list(super().get_permissions())

    @extend_schema(
        operation_id="auth_token_create",
        summary="Get a token for your username and password",
        description="Throttled per address (`LOGIN_RATE_LIMIT`); after repeated failures for "
        "one account the sign-in is locked for a while, as on the sign-in page (429).",
        tags=["auth"],
        request=TokenRequestSerializer,
        responses=api_responses({200: TokenSerializer}, body=True),
        auth=[],
    )
    def post(self, request: Request) -> Response:
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if login_address_blocked(http_request(request)):
            raise LockedOut()  # too many failures from this address, whatever the usernames
        # DRF's request, not Django's: a lockout is answered here as JSON, not by axes'
        # middleware with its HTML page.
        user = authenticate(request, **serializer.validated_data)
        if getattr(request, "axes_locked_out", False):
            raise LockedOut()
        if not isinstance(user, User):
            raise AuthenticationFailed(_("The username or password is not correct."))
        # A sign-in like the pages': the session's cart and history join the account.
        user_logged_in.send(sender=User, request=http_request(request), user=user)
        token = token_for(user=user)
        return Response(
            TokenSerializer({"token": token.key, "expires_at": token_expires_at(token)}).data
        )

    @extend_schema(
        operation_id="auth_token_destroy",
        summary="Revoke your token",
        tags=["auth"],
        responses=api_responses({204: None}, 403),
    )
    def delete(self, request: Request) -> Response:
        token_revoke(user=api_customer(request))
        return Response(status=status.HTTP_204_NO_CONTENT)
