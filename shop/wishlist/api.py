"""``/api/wishlist/``: the signed-in customer's saved items."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from shop.api.base import ApiView, api_customer, http_request, id_parameter
from shop.api.schema import api_responses
from shop.api.selectors import product_get_active
from shop.api.serializers import ProductSummarySerializer
from shop.catalogue.models import ProductVariant
from shop.orders.cart import cart_store_for

from .models import SavedItem
from .selectors import saved_item_get, saved_items_for
from .services import saved_item_add, saved_item_move_to_cart, saved_item_remove

ITEM_ID = id_parameter("item_id", "A saved item's id.")


class SavedItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    product = ProductSummarySerializer()
    variant_id = serializers.IntegerField(allow_null=True)
    variant_name = serializers.SerializerMethodField()
    saved_price = serializers.DecimalField(max_digits=10, decimal_places=2)
    current_price = serializers.DecimalField(max_digits=10, decimal_places=2)
    in_stock = serializers.BooleanField()
    waiting_for_stock = serializers.BooleanField(
        source="wants_restock_alert",
        help_text="An e-mail goes out when it is back in stock.",
    )
    created_at = serializers.DateTimeField()

    def get_variant_name(self, item: SavedItem) -> str:
        return item.variant.name if item.variant is not None else ""


class SavedItemInputSerializer(serializers.Serializer):
    product_id = serializers.IntegerField(min_value=1, max_value=10**18 - 1)
    variant_id = serializers.IntegerField(
        min_value=1, max_value=10**18 - 1, required=False, allow_null=True
    )


class WishlistApi(ApiView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="wishlist_list",
        summary="Your saved items, newest first",
        tags=["wishlist"],
        responses=api_responses({200: SavedItemSerializer(many=True)}, 403),
    )
    def get(self, request: Request) -> Response:
        items = saved_items_for(user=api_customer(request))
        return Response(SavedItemSerializer(items, many=True, context={"request": request}).data)

    @extend_schema(
        operation_id="wishlist_add",
        summary="Save a product (or one of its variants) for later",
        description="Saving what is already saved returns it with 200. Saving a product that "
        "is out of stock asks for an e-mail when it is back.",
        tags=["wishlist"],
        request=SavedItemInputSerializer,
        responses=api_responses(
            {
                201: OpenApiResponse(SavedItemSerializer, description="Saved."),
                200: OpenApiResponse(SavedItemSerializer, description="It was saved already."),
            },
            404,
            422,
            body=True,
        ),
    )
    def post(self, request: Request) -> Response:
        user = api_customer(request)
        serializer = SavedItemInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        product = product_get_active(product_id=serializer.validated_data["product_id"])
        if product is None:
            raise NotFound(_("No such product."))
        variant = None
        if serializer.validated_data.get("variant_id") is not None:
            variant = ProductVariant.objects.filter(
                pk=serializer.validated_data["variant_id"], is_active=True
            ).first()
            if variant is None:
                raise NotFound(_("No such variant."))
        existed = SavedItem.objects.filter(user=user, product=product, variant=variant).exists()
        item = saved_item_add(user=user, product=product, variant=variant)
        item = saved_item_get(user=user, item_id=item.pk) or item
        return Response(
            SavedItemSerializer(item, context={"request": request}).data,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )


def _own_item(request: Request, item_id: int) -> SavedItem:
    item = saved_item_get(user=api_customer(request), item_id=item_id)
    if item is None:
        raise NotFound(_("No such saved item."))
    return item


class WishlistItemApi(ApiView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="wishlist_remove",
        summary="Remove a saved item",
        tags=["wishlist"],
        parameters=[ITEM_ID],
        responses=api_responses({204: OpenApiResponse(description="Removed.")}, 403, 404),
    )
    def delete(self, request: Request, item_id: int) -> Response:
        saved_item_remove(item=_own_item(request, item_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class WishlistMoveApi(ApiView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="wishlist_move_to_cart",
        summary="Move a saved item into your cart (one of it)",
        description="A product with options needs its variant saved; one out of stock is "
        "refused with 409 and stays saved.",
        tags=["wishlist"],
        parameters=[ITEM_ID],
        request=None,
        responses=api_responses(
            {204: OpenApiResponse(description="In the cart.")}, 400, 403, 404, 409, 422
        ),
    )
    def post(self, request: Request, item_id: int, **kwargs: Any) -> Response:
        item = _own_item(request, item_id)
        saved_item_move_to_cart(item=item, store=cart_store_for(http_request(request)))
        return Response(status=status.HTTP_204_NO_CONTENT)
