"""The cart's voucher code: apply one (the cart priced with it, or a 422 saying why and
changing nothing) or remove it. Checkout uses the code the cart holds."""

from __future__ import annotations

from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from shop.orders.cart import cart_store_for
from shop.promotions.services import voucher_apply, voucher_remove

from .base import ApiView, http_request
from .cart import COUNTRY, CartSerializer, cart_country, cart_response
from .schema import api_responses


class VoucherCodeSerializer(serializers.Serializer):
    code = serializers.CharField(
        max_length=40, help_text="A voucher code, in any case (`save10` finds `SAVE10`)."
    )


@method_decorator(never_cache, name="dispatch")  # a visitor's own cart
class CartVoucherApi(ApiView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="cart_voucher_apply",
        summary="Apply a voucher code to your cart",
        description="Keeps the code on the cart when it lowers this cart's total now and "
        "answers with the cart priced with it. An unknown, expired, used-up or not applicable "
        "code (outside its products, below its minimum spend, beaten by a promotion it cannot "
        "be combined with, limited to one use per customer for a visitor) is a 422 with "
        "`code` `voucher_rejected` and a message saying why; the cart is left as it was.",
        tags=["cart"],
        parameters=[COUNTRY],
        request=VoucherCodeSerializer,
        responses=api_responses({200: CartSerializer}, 400, 422, body=True),
    )
    def put(self, request: Request) -> Response:
        serializer = VoucherCodeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        store = cart_store_for(http_request(request))
        voucher_apply(
            store=store,
            code=serializer.validated_data["code"],
            country=cart_country(request),
            user_id=store.owner_id,
        )
        return cart_response(request, store)

    @extend_schema(
        operation_id="cart_voucher_remove",
        summary="Remove the voucher code from your cart",
        description="Removing a code from a cart without one changes nothing.",
        tags=["cart"],
        parameters=[COUNTRY],
        responses=api_responses({200: CartSerializer}, 400),
    )
    def delete(self, request: Request) -> Response:
        store = cart_store_for(http_request(request))
        voucher_remove(store=store)
        return cart_response(request, store)
