"""A customer's own orders: list, detail, cancel. Another customer's order is a 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from shop.accounts.models import User
from shop.orders.models import Order, OrderStatus
from shop.orders.selectors import (
    order_detail_for_user,
    order_get_for_user,
    order_list_for_user,
)
from shop.orders.services import order_cancel_by_customer

from .base import ApiListView, ApiView, api_customer
from .schema import api_responses

# What an order number can look like in a URL (``ORD-`` and eight characters today).
ORDER_NUMBER_PATTERN = r"[A-Za-z0-9-]{1,20}"


STATUS_VALUES = [value for value, _label in OrderStatus.choices]


@extend_schema_field({"type": "string", "enum": STATUS_VALUES}, component_name="OrderStatus")
class OrderStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=OrderStatus.choices, **kwargs)


@extend_schema_field(
    {"type": "string", "enum": ["", *STATUS_VALUES]}, component_name="PreviousOrderStatus"
)
class PreviousStatusField(OrderStatusField):
    """Blank for the first status of an order."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(allow_blank=True, **kwargs)


class OrderLineSerializer(serializers.Serializer):
    product_id = serializers.IntegerField(
        allow_null=True, help_text="Null once the product is deleted from the catalogue."
    )
    variant_id = serializers.IntegerField(
        allow_null=True, help_text="Null once the variant is deleted from the catalogue."
    )
    title = serializers.CharField()
    variant_name = serializers.CharField(allow_blank=True, help_text='e.g. "Camel / XL".')
    sku = serializers.CharField()
    unit_price = serializers.DecimalField(max_digits=10, decimal_places=2)
    quantity = serializers.IntegerField()
    line_total = serializers.DecimalField(
        max_digits=12, decimal_places=2, help_text="What was paid for the line, discount off."
    )
    discount = serializers.DecimalField(
        max_digits=10, decimal_places=2, help_text="What promotions and the voucher took off."
    )
    refunded_quantity = serializers.IntegerField(help_text="Units refunded so far.")
    tax_rate = serializers.DecimalField(max_digits=5, decimal_places=2, help_text="In percent.")
    tax_amount = serializers.DecimalField(
        max_digits=10, decimal_places=2, help_text="The tax in the line's total."
    )


class ShippingAddressOutputSerializer(serializers.Serializer):
    full_name = serializers.CharField(source="ship_full_name")
    line1 = serializers.CharField(source="ship_line1")
    line2 = serializers.CharField(source="ship_line2", allow_blank=True)
    city = serializers.CharField(source="ship_city")
    postcode = serializers.CharField(source="ship_postcode")
    country = serializers.CharField(source="ship_country")
    phone = serializers.CharField(source="ship_phone", allow_blank=True)


class OrderStatusChangeSerializer(serializers.Serializer):
    from_status = PreviousStatusField()
    to_status = OrderStatusField()
    changed_at = serializers.DateTimeField()


class OrderSummarySerializer(serializers.Serializer):
    number = serializers.CharField()
    status = OrderStatusField()
    created_at = serializers.DateTimeField()
    item_count = serializers.SerializerMethodField()
    subtotal = serializers.DecimalField(
        max_digits=12, decimal_places=2, help_text="The lines before discounts."
    )
    discount_total = serializers.DecimalField(
        max_digits=12, decimal_places=2, help_text="What the discounts took off the lines."
    )
    voucher_code = serializers.CharField(allow_blank=True, help_text="Empty for none.")
    shipping_price = serializers.DecimalField(max_digits=10, decimal_places=2)
    total = serializers.DecimalField(max_digits=12, decimal_places=2)
    tax_total = serializers.DecimalField(
        max_digits=12, decimal_places=2, help_text="The tax in the total (lines and shipping)."
    )
    prices_include_tax = serializers.BooleanField()
    currency = serializers.CharField()
    can_cancel = serializers.BooleanField()

    def get_item_count(self, order: Order) -> int:
        return sum(line.quantity for line in order.lines.all())


class OrderDetailSerializer(OrderSummarySerializer):
    email = serializers.EmailField()
    shipping_address = ShippingAddressOutputSerializer(source="*")
    shipping_method = serializers.CharField()
    shipping_method_name = serializers.CharField()
    shipping_days = serializers.CharField(allow_blank=True, help_text="Working days promised.")
    shipping_tax = serializers.DecimalField(max_digits=10, decimal_places=2)
    carrier = serializers.CharField(
        source="carrier_name", allow_blank=True, help_text="Who carries the parcel, once shipped."
    )
    tracking_number = serializers.CharField(allow_blank=True)
    tracking_url = serializers.CharField(
        allow_blank=True, help_text="The carrier's page for the parcel, when it has one."
    )
    paid_at = serializers.DateTimeField(allow_null=True)
    shipped_at = serializers.DateTimeField(allow_null=True)
    delivered_at = serializers.DateTimeField(allow_null=True)
    cancelled_at = serializers.DateTimeField(allow_null=True)
    refunded_at = serializers.DateTimeField(allow_null=True)
    lines = OrderLineSerializer(many=True)
    history = OrderStatusChangeSerializer(many=True)


def order_detail_data(*, user: User, number: str) -> dict[str, Any]:
    """The customer's order as the API shows it, read through the selector."""
    order = order_detail_for_user(user=user, number=number)
    if order is None:
        raise NotFound(_("No such order."))
    return OrderDetailSerializer(order).data


class OrderListApi(ApiListView):
    permission_classes = [IsAuthenticated]
    serializer_class = OrderSummarySerializer

    def get_queryset(self) -> QuerySet[Order]:
        return order_list_for_user(user=api_customer(self.request))

    @extend_schema(
        operation_id="orders_list",
        summary="Your orders, newest first",
        tags=["orders"],
        responses=api_responses({200: OrderSummarySerializer(many=True)}, 400, 404),
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class OrderDetailApi(ApiView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="orders_retrieve",
        summary="One of your orders",
        tags=["orders"],
        responses=api_responses({200: OrderDetailSerializer}, 404),
    )
    def get(self, request: Request, number: str) -> Response:
        return Response(order_detail_data(user=api_customer(request), number=number))


class OrderCancelApi(ApiView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="orders_cancel",
        summary="Cancel one of your orders",
        description="Allowed until the order ships; the payment is refunded and the stock "
        "returned. An order that can no longer be cancelled is a 409.",
        tags=["orders"],
        request=None,
        responses=api_responses({200: OrderDetailSerializer}, 403, 404, 409),
    )
    def post(self, request: Request, number: str) -> Response:
        user = api_customer(request)
        order = order_get_for_user(user=user, number=number)
        if order is None:
            raise NotFound(_("No such order."))
        order_cancel_by_customer(user=user, order=order)
        return Response(order_detail_data(user=user, number=number))
