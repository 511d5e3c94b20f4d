"""The cart: a visitor's lives in their session (keep the session cookie), a signed-in
customer's (session or token) in the database. Every change goes through the cart services."""

from __future__ import annotations

from typing import Any

from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from shop.catalogue.models import ProductVariant
from shop.catalogue.selectors import default_variant_ids, variant_get, variant_get_active
from shop.core.errors import UnprocessableError
from shop.core.visitor import visitor_key
from shop.orders.cart import CartStore, cart_store_for, shopper_country
from shop.orders.selectors import cart_summary
from shop.orders.services import cart_add, cart_remove, cart_set_quantity

from .base import MAX_ID, ApiView, api_user, http_request, id_parameter
from .fields import StrictIntegerField
from .schema import api_responses
from .selectors import product_get_active
from .serializers import ProductSummarySerializer

MAX_QUANTITY = 999  # as on the cart page


VARIANT_ID = id_parameter("variant_id", "A variant's id (`variants[].id` of a product).")
COUNTRY = OpenApiParameter(
    "country",
    str,
    OpenApiParameter.QUERY,
    required=False,
    pattern="^[A-Za-z]{2}$",
    description="Price the cart for delivery to this country (ISO code): its tax rates and "
    "shipping zone. Default: the session's country, else the shop's.",
)


class CartVariantSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    sku = serializers.CharField()
    name = serializers.CharField(allow_blank=True, help_text='e.g. "Camel / XL".')


class CartLineSerializer(serializers.Serializer):
    variant = CartVariantSerializer()
    product = ProductSummarySerializer()
    quantity = serializers.IntegerField()
    unit_price = serializers.DecimalField(max_digits=10, decimal_places=2)
    line_total = serializers.DecimalField(
        max_digits=12, decimal_places=2, help_text="What the line costs, its discount taken off."
    )
    discount = serializers.DecimalField(
        max_digits=12, decimal_places=2, help_text="What promotions and the voucher take off."
    )
    tax_rate = serializers.DecimalField(
        max_digits=5, decimal_places=2, help_text="VAT in percent in the cart's country."
    )
    problem = serializers.CharField(
        allow_blank=True, help_text="Why the line cannot be bought as it is; empty if it can."
    )


class ShippingOptionSerializer(serializers.Serializer):
    code = serializers.CharField(source="method.code")
    name = serializers.CharField(source="method.name")
    days = serializers.CharField(source="method.days", help_text="Working days, e.g. `2-3`.")
    price = serializers.DecimalField(max_digits=10, decimal_places=2)


class TaxLineSerializer(serializers.Serializer):
    rate = serializers.DecimalField(max_digits=5, decimal_places=2)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)


class AppliedDiscountSerializer(serializers.Serializer):
    name = serializers.CharField(source="offer.name")
    kind = serializers.ChoiceField(
        source="offer.kind", choices=["percentage", "fixed", "free_shipping"]
    )
    voucher_code = serializers.CharField(
        source="offer.voucher_code", allow_blank=True, help_text="Empty for a promotion."
    )
    amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, help_text="Taken off the lines (0 for free shipping)."
    )


class CartSerializer(serializers.Serializer):
    lines = CartLineSerializer(many=True)
    item_count = serializers.IntegerField()
    country = serializers.CharField(help_text="The country the cart is priced for.")
    delivers_to_country = serializers.BooleanField(source="delivery.served")
    subtotal = serializers.DecimalField(
        max_digits=12, decimal_places=2, help_text="The lines before discounts."
    )
    discount = serializers.DecimalField(
        max_digits=12, decimal_places=2, help_text="What the discounts take off the lines."
    )
    goods_total = serializers.DecimalField(
        max_digits=12, decimal_places=2, help_text="The lines after discounts, before delivery."
    )
    discounts = AppliedDiscountSerializer(source="quote.discounts.applied", many=True)
    voucher_code = serializers.CharField(
        allow_blank=True, help_text="The code applied to the cart; empty for none."
    )
    voucher_problem = serializers.CharField(
        source="offers.voucher_problem",
        allow_blank=True,
        help_text="Why the applied code no longer works (expired, used up); empty if it does.",
    )
    tax = serializers.DecimalField(
        source="quote.tax",
        max_digits=12,
        decimal_places=2,
        help_text="The VAT in the subtotal (shipping's is added at checkout).",
    )
    taxes = TaxLineSerializer(source="quote.taxes", many=True)
    prices_include_tax = serializers.BooleanField(source="quote.prices_include_tax")
    currency = serializers.CharField()
    has_problems = serializers.BooleanField()
    shipping_options = ShippingOptionSerializer(
        many=True,
        help_text="The shipping methods of the country's zone, priced for this cart; empty "
        "where the shop does not deliver.",
    )


class CartAddSerializer(serializers.Serializer):
    variant_id = StrictIntegerField(min_value=1, max_value=MAX_ID, required=False)
    product_id = StrictIntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        help_text="For a product with a single variant only; otherwise send `variant_id`.",
    )
    quantity = StrictIntegerField(min_value=1, max_value=MAX_QUANTITY, default=1)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("variant_id" in attrs) == ("product_id" in attrs):
            message = _("Send either a variant_id or a product_id.")
            raise ValidationError({"variant_id": [message], "product_id": [message]})
        return attrs


class CartQuantitySerializer(serializers.Serializer):
    quantity = StrictIntegerField(min_value=1, max_value=MAX_QUANTITY)


def cart_country(request: Request) -> str:
    if "country" in request.query_params:
        country = request.query_params["country"]
        if not (len(country) == 2 and country.isascii() and country.isalpha()):
            raise ValidationError({"country": [_("Send a two-letter country code, e.g. DE.")]})
        return country.upper()
    return shopper_country(http_request(request))


def cart_response(request: Request, store: CartStore) -> Response:
    summary = cart_summary(store=store, country=cart_country(request))
    return Response(CartSerializer(summary, context={"request": request}).data)


def _variant_or_404(variant_id: int) -> ProductVariant:
    variant = variant_get(variant_id=variant_id)
    if variant is None:
        raise NotFound(_("No such product."))
    return variant


def _variant_to_add(data: dict[str, Any]) -> ProductVariant:
    if "variant_id" in data:
        variant = variant_get_active(variant_id=data["variant_id"])
        if variant is None:
            # A well-formed id that names nothing: like a missing resource, a 404.
            raise NotFound(_("No such product."))
        return variant
    if product_get_active(product_id=data["product_id"]) is None:
        raise NotFound(_("No such product."))
    only = default_variant_ids([data["product_id"]]).get(data["product_id"])
    variant = variant_get_active(variant_id=only) if only is not None else None
    if variant is None:
        raise UnprocessableError(
            _("This product comes in options: send the variant_id you want."),
            code="variant_required",
        )
    return variant


@method_decorator(never_cache, name="dispatch")  # a visitor's own cart
class CartApi(ApiView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="cart_retrieve",
        summary="Your cart",
        tags=["cart"],
        parameters=[COUNTRY],
        responses=api_responses({200: CartSerializer}, 400),
    )
    def get(self, request: Request) -> Response:
        return cart_response(request, cart_store_for(http_request(request)))


@method_decorator(never_cache, name="dispatch")  # a visitor's own cart
class CartItemsApi(ApiView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="cart_items_add",
        summary="Add a variant of a product to your cart",
        description="Adds `quantity` more of `variant_id` (or of `product_id`, for a product "
        "with a single variant); answers with the whole cart. A visitor without a session gets "
        "one (keep its cookie).",
        tags=["cart"],
        request=CartAddSerializer,
        responses=api_responses({200: CartSerializer}, 404, 409, 422, body=True),
    )
    def post(self, request: Request) -> Response:
        serializer = CartAddSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        variant = _variant_to_add(data)
        django_request = http_request(request)
        user = api_user(request)
        store = cart_store_for(django_request)
        cart_add(
            store=store,
            variant=variant,
            quantity=data["quantity"],
            user=user,
            session_key="" if user else visitor_key(django_request),
        )
        return cart_response(request, store)


@method_decorator(never_cache, name="dispatch")  # a visitor's own cart
class CartItemApi(ApiView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="cart_items_update",
        summary="Set the quantity of a variant in your cart",
        parameters=[VARIANT_ID],
        tags=["cart"],
        request=CartQuantitySerializer,
        responses=api_responses({200: CartSerializer}, 404, 409, body=True),
    )
    def put(self, request: Request, variant_id: int) -> Response:
        serializer = CartQuantitySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        store = cart_store_for(http_request(request))
        cart_set_quantity(
            store=store,
            variant=_variant_or_404(variant_id),
            quantity=serializer.validated_data["quantity"],
        )
        return cart_response(request, store)

    @extend_schema(
        operation_id="cart_items_destroy",
        summary="Remove a variant from your cart",
        parameters=[VARIANT_ID],
        description="Removing a variant that is not in the cart changes nothing.",
        tags=["cart"],
        responses=api_responses({200: CartSerializer}, 403, 404),
    )
    def delete(self, request: Request, variant_id: int) -> Response:
        store = cart_store_for(http_request(request))
        cart_remove(store=store, variant_id=variant_id)
        return cart_response(request, store)
