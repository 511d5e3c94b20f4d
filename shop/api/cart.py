"""The cart: a visitor's lives in their session (keep the session cookie), a signed-in
customer's (session or token) in the database. Every change goes through the cart services."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from shop.catalogue.models import Product
from shop.core.visitor import visitor_key
from shop.orders.cart import CartStore, cart_store_for
from shop.orders.selectors import CartSummary, cart_summary
from shop.orders.services import cart_add, cart_remove, cart_set_quantity

from .base import MAX_ID, PRODUCT_ID, ApiView, api_user, http_request
from .fields import StrictIntegerField
from .schema import api_responses
from .selectors import product_get_active, product_get_any
from .serializers import ProductSummarySerializer

MAX_QUANTITY = 999  # as on the cart page


class CartLineSerializer(serializers.Serializer):
    product = ProductSummarySerializer()
    quantity = serializers.IntegerField()
    line_total = serializers.DecimalField(max_digits=12, decimal_places=2)
    problem = serializers.CharField(
        allow_blank=True, help_text="Why the line cannot be bought as it is; empty if it can."
    )


class ShippingOptionSerializer(serializers.Serializer):
    code = serializers.CharField(source="method.code")
    name = serializers.CharField(source="method.name")
    days = serializers.CharField(source="method.days", help_text="Delivery time in days.")
    price = serializers.DecimalField(max_digits=10, decimal_places=2)


class CartSerializer(serializers.Serializer):
    lines = CartLineSerializer(many=True)
    item_count = serializers.IntegerField()
    subtotal = serializers.DecimalField(max_digits=12, decimal_places=2)
    currency = serializers.SerializerMethodField()
    has_problems = serializers.BooleanField()
    shipping_options = ShippingOptionSerializer(
        many=True, help_text="The shipping methods checkout accepts, priced for this cart."
    )

    def get_currency(self, summary: CartSummary) -> str:
        return str(settings.SHOP_CURRENCY)


class CartAddSerializer(serializers.Serializer):
    product_id = StrictIntegerField(min_value=1, max_value=MAX_ID)
    quantity = StrictIntegerField(min_value=1, max_value=MAX_QUANTITY, default=1)


class CartQuantitySerializer(serializers.Serializer):
    quantity = StrictIntegerField(min_value=1, max_value=MAX_QUANTITY)


def _cart_response(request: Request, store: CartStore) -> Response:
    summary = cart_summary(store=store)
    return Response(CartSerializer(summary, context={"request": request}).data)


def _product_or_404(product_id: int) -> Product:
    product = product_get_any(product_id=product_id)
    if product is None:
        raise NotFound(_("No such product."))
    return product


class CartApi(ApiView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="cart_retrieve",
        summary="Your cart",
        tags=["cart"],
        responses=api_responses({200: CartSerializer}),
    )
    def get(self, request: Request) -> Response:
        return _cart_response(request, cart_store_for(http_request(request)))


class CartItemsApi(ApiView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="cart_items_add",
        summary="Add a product to your cart",
        description="Adds `quantity` more; answers with the whole cart. A visitor without a "
        "session gets one (keep its cookie).",
        tags=["cart"],
        request=CartAddSerializer,
        responses=api_responses({200: CartSerializer}, 409, body=True),
    )
    def post(self, request: Request) -> Response:
        serializer = CartAddSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        product = product_get_active(product_id=data["product_id"])
        if product is None:
            raise ValidationError({"product_id": [_("No such product.")]})
        django_request = http_request(request)
        user = api_user(request)
        store = cart_store_for(django_request)
        cart_add(
            store=store,
            product=product,
            quantity=data["quantity"],
            user=user,
            session_key="" if user else visitor_key(django_request),
        )
        return _cart_response(request, store)


class CartItemApi(ApiView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="cart_items_update",
        summary="Set the quantity of a product in your cart",
        parameters=[PRODUCT_ID],
        tags=["cart"],
        request=CartQuantitySerializer,
        responses=api_responses({200: CartSerializer}, 404, 409, body=True),
    )
    def put(self, request: Request, product_id: int) -> Response:
        serializer = CartQuantitySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        store = cart_store_for(http_request(request))
        cart_set_quantity(
            store=store,
            product=_product_or_404(product_id),
            quantity=serializer.validated_data["quantity"],
        )
        return _cart_response(request, store)

    @extend_schema(
        operation_id="cart_items_destroy",
        summary="Remove a product from your cart",
        parameters=[PRODUCT_ID],
        description="Removing a product that is not in the cart changes nothing.",
        tags=["cart"],
        responses=api_responses({200: CartSerializer}, 403, 404),
    )
    def delete(self, request: Request, product_id: int) -> Response:
        store = cart_store_for(http_request(request))
        cart_remove(store=store, product_id=product_id)
        return _cart_response(request, store)
