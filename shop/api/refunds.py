"""Staff's partial refund of one order line, as admin's "Refund lines" does: through orders'
refund service (the line's discount prorated, the money back at the gateway after the commit),
for staff who may change orders."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from shop.accounts.models import User
from shop.orders.models import Order, OrderLine
from shop.orders.services.refunds import order_line_refund

from .base import ApiView
from .permissions import staff_may
from .schema import api_responses


class LineRefundRequestSerializer(serializers.Serializer):
    quantity = serializers.IntegerField(min_value=1, help_text="Units of the line to refund.")


class LineRefundSerializer(serializers.Serializer):
    order = serializers.CharField(help_text="The order's number.")
    line = serializers.IntegerField()
    amount = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        help_text="Given back now: the units' share of what was paid.",
    )
    refunded_quantity = serializers.IntegerField(help_text="Units of the line refunded in all.")
    refunded_amount = serializers.DecimalField(max_digits=12, decimal_places=2)


class OrderLineRefundApi(ApiView):
    permission_classes = [staff_may(Order, "change")]

    @extend_schema(
        operation_id="staff_order_line_refund",
        summary="Refund some units of an order line (staff)",
        description="For staff who may change orders. The amount is the line's share of what "
        "was paid (its discount prorated); units of an order not yet shipped return to stock. "
        "An order that is not paid, or more units than are left, is a 409.",
        tags=["staff"],
        request=LineRefundRequestSerializer,
        responses=api_responses({200: LineRefundSerializer}, 400, 403, 404, 409, body=True),
    )
    def post(self, request: Request, number: str, line_id: str) -> Response:
        serializer = LineRefundRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        order = Order.objects.filter(number=number.upper()).first()
        line = OrderLine.objects.filter(order=order, pk=int(line_id)).first() if order else None
        if order is None or line is None:
            raise NotFound(_("No such order line."))
        amount = order_line_refund(
            order=order,
            line_id=line.pk,
            quantity=serializer.validated_data["quantity"],
            by=request.user if isinstance(request.user, User) else None,
        )
        line.refresh_from_db()
        data = {
            "order": order.number,
            "line": line.pk,
            "amount": amount,
            "refunded_quantity": line.refunded_quantity,
            "refunded_amount": line.refunded_amount,
        }
        return Response(LineRefundSerializer(data).data)
