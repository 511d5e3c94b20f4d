"""``/api/recommendations/``: the rows the pages show, and the staff's rebuild controls."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from shop.api.base import PRODUCT_ID, ApiView, api_user, http_request
from shop.api.permissions import staff_may
from shop.api.schema import api_responses
from shop.api.selectors import product_get_active
from shop.api.serializers import ProductSummarySerializer
from shop.catalogue.models import Product
from shop.orders.cart import cart_store_for
from shop.orders.selectors import cart_product_ids

from .models import Build
from .selectors import (
    RecommendationRow,
    build_get,
    build_list,
    row_for_cart,
    row_for_home,
    row_for_product,
    row_for_product_together,
)
from .tasks import REBUILD


class SuggestionSerializer(serializers.Serializer):
    product = ProductSummarySerializer()
    reason = serializers.CharField(help_text="Why it is suggested, e.g. “Because you bought X”.")


class RowSerializer(serializers.Serializer):
    placement = serializers.CharField()
    title = serializers.CharField()
    items = SuggestionSerializer(many=True)


class BuildSerializer(serializers.ModelSerializer):
    class Meta:
        model = Build
        fields = (
            "version",
            "status",
            "is_current",
            "started_at",
            "finished_at",
            "duration_seconds",
            "n_users",
            "n_items",
            "n_interactions",
            "n_chunks",
            "chunks_done",
            "metrics",
            "error",
        )


def _row(request: Request, row: RecommendationRow) -> Response:
    data: dict[str, Any] = {
        "placement": row.placement,
        "title": row.title,
        "items": [{"product": product, "reason": reason} for product, reason in row.items],
    }
    return Response(RowSerializer(data, context={"request": request}).data)


def _active_product(product_id: int) -> Product:
    product = product_get_active(product_id=product_id)
    if product is None:
        raise NotFound(_("No such product."))
    return product


class HomeRecommendationsApi(ApiView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="recommendations_home",
        summary="“Recommended for you”, or “Trending now” without history",
        tags=["recommendations"],
        responses=api_responses({200: RowSerializer}),
    )
    def get(self, request: Request) -> Response:
        return _row(request, row_for_home(user=api_user(request)))


class ProductRecommendationsApi(ApiView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="recommendations_product",
        summary="Similar items: what shoppers of this product also looked at and liked",
        tags=["recommendations"],
        parameters=[PRODUCT_ID],
        responses=api_responses({200: RowSerializer}, 404),
    )
    def get(self, request: Request, product_id: int) -> Response:
        return _row(request, row_for_product(product=_active_product(product_id)))


class ProductTogetherApi(ApiView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="recommendations_product_together",
        summary="Frequently bought together: complements from orders and carts, never the "
        "product's own type",
        tags=["recommendations"],
        parameters=[PRODUCT_ID],
        responses=api_responses({200: RowSerializer}, 404),
    )
    def get(self, request: Request, product_id: int) -> Response:
        return _row(request, row_for_product_together(product=_active_product(product_id)))


class CartRecommendationsApi(ApiView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="recommendations_cart",
        summary="Complete your order: suggestions for the items in your cart",
        tags=["recommendations"],
        responses=api_responses({200: RowSerializer}),
    )
    def get(self, request: Request) -> Response:
        product_ids = cart_product_ids(store=cart_store_for(http_request(request)))
        return _row(request, row_for_cart(product_ids=product_ids))


class BuildListApi(ApiView):
    permission_classes = [staff_may(Build)]

    @extend_schema(
        operation_id="recommendation_builds_list",
        summary="Recommendation builds with their status and offline metrics (staff)",
        tags=["recommendations"],
        responses=api_responses({200: BuildSerializer(many=True)}, 403),
    )
    def get(self, request: Request) -> Response:
        return Response(BuildSerializer(build_list(), many=True).data)

    @extend_schema(
        operation_id="recommendation_builds_start",
        summary="Start a rebuild on the workers (staff)",
        tags=["recommendations"],
        request=None,
        responses=api_responses({202: OpenApiResponse(description="Queued.")}, 403, 503),
    )
    def post(self, request: Request) -> Response:
        REBUILD.enqueue()  # a queue that is down is a 503 (shop.api.exceptions)
        return Response({"status": "queued"}, status=status.HTTP_202_ACCEPTED)


class BuildDetailApi(ApiView):
    permission_classes = [staff_may(Build)]

    @extend_schema(
        operation_id="recommendation_builds_retrieve",
        summary="One build (staff)",
        tags=["recommendations"],
        responses=api_responses({200: BuildSerializer}, 403, 404),
    )
    def get(self, request: Request, version: int) -> Response:
        build = build_get(version=version)
        if build is None:
            raise NotFound(_("No such build."))
        return Response(BuildSerializer(build).data)
