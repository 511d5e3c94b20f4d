"""Product reviews: anyone reads the visible ones; a customer writes and deletes their own."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from shop.catalogue.models import Product
from shop.ratings.models import Review
from shop.ratings.selectors import review_get_own, review_list_for_product
from shop.ratings.services import review_delete, review_submit

from .base import PRODUCT_ID, ApiListView, ApiView, api_customer
from .fields import StrictCharField, StrictIntegerField
from .schema import api_responses
from .selectors import product_get_active


class ReviewSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    stars = serializers.IntegerField(min_value=1, max_value=5)
    title = serializers.CharField(allow_blank=True)
    body = serializers.CharField(allow_blank=True)
    author = serializers.CharField(source="user.username")
    is_verified_purchase = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class OwnReviewSerializer(ReviewSerializer):
    product_id = serializers.IntegerField()
    is_hidden = serializers.BooleanField(help_text="Hidden by staff: not shown to others.")


class ReviewInputSerializer(serializers.Serializer):
    stars = StrictIntegerField(min_value=1, max_value=5)
    title = StrictCharField(max_length=120, allow_blank=True, required=False, default="")
    body = StrictCharField(max_length=5000, allow_blank=True, required=False, default="")


def _product_or_404(product_id: int) -> Product:
    product = product_get_active(product_id=product_id)
    if product is None:
        raise NotFound(_("No such product."))
    return product


class ProductReviewListApi(ApiListView):
    permission_classes = [AllowAny]
    serializer_class = ReviewSerializer

    def get_queryset(self) -> QuerySet[Review]:
        return review_list_for_product(product=_product_or_404(self.kwargs["product_id"]))

    @extend_schema(
        operation_id="products_reviews_list",
        summary="A product's visible reviews, newest first",
        tags=["reviews"],
        parameters=[PRODUCT_ID],
        responses=api_responses({200: ReviewSerializer(many=True)}, 400, 404),
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class OwnReviewApi(ApiView):
    """The signed-in customer's one review of a product."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="products_review_retrieve",
        summary="Your review of a product",
        tags=["reviews"],
        parameters=[PRODUCT_ID],
        responses=api_responses({200: OwnReviewSerializer}, 403, 404),
    )
    def get(self, request: Request, product_id: int) -> Response:
        review = review_get_own(user=api_customer(request), product=_product_or_404(product_id))
        if review is None:
            raise NotFound(_("You have not reviewed this product."))
        return Response(OwnReviewSerializer(review).data)

    def _save(self, request: Request, product_id: int) -> Response:
        user = api_customer(request)
        product = _product_or_404(product_id)
        serializer = ReviewInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        existed = review_get_own(user=user, product=product) is not None
        review = review_submit(user=user, product=product, **serializer.validated_data)
        return Response(
            OwnReviewSerializer(review).data,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )

    _save_schema = {
        "tags": ["reviews"],
        "parameters": [PRODUCT_ID],
        "request": ReviewInputSerializer,
        "responses": api_responses(
            {
                200: OpenApiResponse(OwnReviewSerializer, description="Your review, replaced."),
                201: OpenApiResponse(OwnReviewSerializer, description="Your review, created."),
            },
            404,
            body=True,
        ),
    }

    @extend_schema(
        operation_id="products_review_update",
        summary="Write or replace your review of a product",
        **_save_schema,  # type: ignore[arg-type]
    )
    def put(self, request: Request, product_id: int) -> Response:
        return self._save(request, product_id)

    @extend_schema(
        operation_id="products_review_create",
        summary="Write or replace your review of a product (same as PUT)",
        **_save_schema,  # type: ignore[arg-type]
    )
    def post(self, request: Request, product_id: int) -> Response:
        return self._save(request, product_id)

    @extend_schema(
        operation_id="products_review_destroy",
        summary="Delete your review of a product",
        tags=["reviews"],
        parameters=[PRODUCT_ID],
        responses=api_responses({204: None}, 403, 404),
    )
    def delete(self, request: Request, product_id: int) -> Response:
        user = api_customer(request)
        review = review_get_own(user=user, product=_product_or_404(product_id))
        if review is None:
            raise NotFound(_("You have not reviewed this product."))
        review_delete(user=user, review=review)
        return Response(status=status.HTTP_204_NO_CONTENT)
