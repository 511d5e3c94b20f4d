"""``POST /api/checkout/``: the cart becomes a paid order, once per ``Idempotency-Key``.

The view reads and validates input, tokenises the card through the payment backend and hands
everything to ``order_place``, where every checkout rule lives (stock, totals, payment,
idempotency). Card numbers are never stored: only the backend's token reaches the service.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from shop.orders.cart import cart_store_for
from shop.orders.payments import CardDetails, get_payment_backend
from shop.orders.services import ShippingAddress, order_place_once

from .base import MAX_ID, ApiView, api_customer, http_request
from .fields import StrictCharField, StrictIntegerField
from .orders import OrderDetailSerializer, order_detail_data
from .schema import IDEMPOTENCY_KEY_HEADER, api_responses
from .selectors import address_get_own

IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


@extend_schema_field({"type": "string", "pattern": r"^[0-9 -]*[0-9][0-9 -]*$", "maxLength": 23})
class CardNumberField(StrictCharField):
    pass


@extend_schema_field({"type": "string", "pattern": r"^[0-9]{3,4}$"})
class CvcField(StrictCharField):
    pass


@extend_schema_field({"type": "string", "pattern": r"^[A-Za-z]{2}$"})
class CountryField(StrictCharField):
    pass


class AddressInputSerializer(serializers.Serializer):
    """Lengths as the order keeps them."""

    full_name = StrictCharField(max_length=150)
    line1 = StrictCharField(max_length=200)
    line2 = StrictCharField(max_length=200, allow_blank=True, required=False, default="")
    city = StrictCharField(max_length=100)
    postcode = StrictCharField(max_length=20)
    country = CountryField(
        min_length=2, max_length=2, help_text="The two-letter ISO code, e.g. DE or GB."
    )
    phone = StrictCharField(max_length=30, allow_blank=True, required=False, default="")

    def validate_country(self, value: str) -> str:
        if not value.isascii() or not value.isalpha():
            raise ValidationError(_("Enter the two-letter country code, e.g. DE or FR."))
        # Whether the shop delivers there is checkout's rule (a 422 country_not_served).
        return value.upper()


class CardInputSerializer(serializers.Serializer):
    number = CardNumberField(max_length=23, help_text="Spaces and dashes are ignored.")
    expiry_month = StrictIntegerField(min_value=1, max_value=12)
    expiry_year = StrictIntegerField(min_value=2000, max_value=2099, help_text="e.g. 2031")
    cvc = CvcField(min_length=3, max_length=4)
    holder = StrictCharField(max_length=100)

    def validate_number(self, value: str) -> str:
        number = value.replace(" ", "").replace("-", "")
        if not number.isascii() or not number.isdigit():
            raise ValidationError(_("A card number has only digits."))
        return number

    def validate_cvc(self, value: str) -> str:
        if not value.isascii() or not value.isdigit():
            raise ValidationError(_("Enter the 3 or 4 digits on the back of the card."))
        return value


class CheckoutInputSerializer(serializers.Serializer):
    address = AddressInputSerializer(
        required=False, help_text="Where to ship; send this or `saved_address_id`."
    )
    saved_address_id = StrictIntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text="The id of one of your saved addresses, instead of `address`.",
    )
    shipping_method = StrictCharField(
        max_length=30,
        help_text="A method of the address's shipping zone, e.g. `standard` or `express` "
        "(see `GET /api/shipping/countries/{code}/`).",
    )
    card = CardInputSerializer()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("address" in attrs) == ("saved_address_id" in attrs):
            raise ValidationError({"address": [_("Send either an address or a saved_address_id.")]})
        return attrs


def _shipping_address(request: Request, data: dict[str, Any]) -> ShippingAddress:
    if "address" in data:
        return ShippingAddress(**data["address"])
    saved = address_get_own(user=api_customer(request), address_id=data["saved_address_id"])
    if saved is None:
        raise NotFound(_("No such address."))
    return ShippingAddress(
        **{name: getattr(saved, name) for name in ShippingAddress.__dataclass_fields__}
    )


def _idempotency_key(request: Request) -> str:
    key = request.headers.get("Idempotency-Key", "")
    if not IDEMPOTENCY_KEY.match(key):
        raise ValidationError(
            {
                "Idempotency-Key": [
                    _("Send a unique Idempotency-Key header: 16 to 64 letters, digits, - or _.")
                ]
            }
        )
    return key


class CheckoutApi(ApiView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="checkout_create",
        summary="Place an order from your cart",
        description="Pays with the card and turns the cart into an order, all or nothing. "
        "The `Idempotency-Key` header makes retries safe: the same key with the same request "
        "returns the order it placed (200) instead of placing another; the same key with a "
        "different request is refused (422, `idempotency_key_reused`). A country the shop does "
        "not deliver to is refused with 400 (`country_not_served`, or the address's `country` "
        "field).",
        tags=["checkout"],
        parameters=[IDEMPOTENCY_KEY_HEADER],
        request=CheckoutInputSerializer,
        responses=api_responses(
            {
                201: OpenApiResponse(OrderDetailSerializer, description="The order, placed."),
                200: OpenApiResponse(
                    OrderDetailSerializer, description="The order this key placed before."
                ),
            },
            402,
            404,
            409,
            422,
            503,
            body=True,
        ),
    )
    def post(self, request: Request) -> Response:
        user = api_customer(request)
        key = _idempotency_key(request)
        serializer = CheckoutInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        address = _shipping_address(request, data)
        card = data["card"]
        payment = get_payment_backend().tokenise(
            CardDetails(
                number=card["number"],
                expiry_month=card["expiry_month"],
                expiry_year=card["expiry_year"],
                cvc=card["cvc"],
                holder=card["holder"],
            )
        )
        # A retry of the same request gets the order it placed (200); another request with the
        # same key is refused (422).
        order, placed = order_place_once(
            user=user,
            store=cart_store_for(http_request(request)),
            address=address,
            shipping_method_code=data["shipping_method"],
            payment=payment,
            idempotency_key=key,
        )
        return Response(
            order_detail_data(user=user, number=order.number),
            status=status.HTTP_201_CREATED if placed else status.HTTP_200_OK,
        )
