"""Base classes and small adapters shared by the API views."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from drf_spectacular.utils import OpenApiParameter
from rest_framework import generics, serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotAuthenticated
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.views import APIView

from shop.accounts.models import User

from .authentication import ExpiringTokenAuthentication

MAX_PAGE_SIZE = 100
MAX_ID = 10**18 - 1  # what fits a database's 64-bit key, with room to spare


class IdConverter:
    """``<api_id:name>``: an id of at most 18 digits. A longer one is a 404 from the API's
    catch-all, never a number the database cannot hold."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


def id_parameter(name: str, description: str) -> OpenApiParameter:
    """The schema of an ``api_id`` path parameter (which drf-spectacular sees as text)."""
    return OpenApiParameter(
        name,
        {"type": "integer", "minimum": 0, "maximum": MAX_ID},
        OpenApiParameter.PATH,
        description=description,
    )


PRODUCT_ID = id_parameter("product_id", "A product's id.")


# The token first, so a missing or bad one is answered with 401 and a ``WWW-Authenticate``
# header (DRF takes the challenge from the first class; the session has none and would make
# every authentication failure a 403).
AUTHENTICATION_CLASSES: list[type[Any]] = [ExpiringTokenAuthentication, SessionAuthentication]


class PageQuerySerializer(serializers.Serializer):
    page = serializers.IntegerField(min_value=1, required=False)
    page_size = serializers.IntegerField(min_value=1, max_value=MAX_PAGE_SIZE, required=False)


class ShopPagination(PageNumberPagination):
    """``?page=N`` (past the end is a 404) and ``?page_size=N`` up to 100; anything else in
    them is a 400, not silently replaced by a default."""

    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def _query(self, request: Request) -> dict[str, int]:
        # A plain dict, so an empty ``?page_size=`` is refused rather than taken as absent.
        params = {
            name: request.query_params[name]
            for name in ("page", "page_size")
            if name in request.query_params
        }
        query = PageQuerySerializer(data=params)
        query.is_valid(raise_exception=True)
        return dict(query.validated_data)

    def get_page_size(self, request: Request) -> int:
        return self._query(request).get("page_size") or int(self.page_size or MAX_PAGE_SIZE)

    def get_page_number(self, request: Request, paginator: Any) -> int:
        return self._query(request).get("page", 1)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super().get_schema_operation_parameters(view)
        bounds = {
            self.page_query_param: {"minimum": 1},
            self.page_size_query_param: {"minimum": 1, "maximum": MAX_PAGE_SIZE},
        }
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters


class ApiView(APIView):
    authentication_classes = AUTHENTICATION_CLASSES


class ApiListView(generics.ListAPIView):
    authentication_classes = AUTHENTICATION_CLASSES
    pagination_class = ShopPagination


def http_request(request: Request) -> HttpRequest:
    """The Django request under DRF's, for the services that take one (session, visitor id).

    DRF copies the user it authenticated (token or session) onto it, so ``cart_store_for``
    and friends see the same user as the view.
    """
    return request._request


def api_user(request: Request) -> User | None:
    user = request.user
    return user if isinstance(user, User) and user.is_authenticated else None


def api_customer(request: Request) -> User:
    """The signed-in user of a view that requires one (``IsAuthenticated``)."""
    user = api_user(request)
    if user is None:
        raise NotAuthenticated()
    return user
