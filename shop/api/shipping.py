"""Where the shop delivers: its shipping zones, and "do you ship to X?" for one country."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from shop.shipping.selectors import (
    country_is_known,
    country_name,
    not_served_message,
    shipping_for_country,
    shipping_zones,
)
from shop.taxes.selectors import country_taxes

from .base import ApiView
from .schema import api_responses


class ShippingOfferSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="What checkout takes as `shipping_method`.")
    name = serializers.CharField()
    price = serializers.DecimalField(max_digits=10, decimal_places=2)
    free_over = serializers.DecimalField(
        max_digits=10,
        decimal_places=2,
        allow_null=True,
        help_text="Free for a subtotal of at least this; null: never free.",
    )
    min_days = serializers.IntegerField(help_text="Working days, fastest.")
    max_days = serializers.IntegerField(help_text="Working days, slowest.")


class ShippingZoneSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    countries = serializers.ListField(child=serializers.CharField(), help_text="ISO codes.")
    methods = ShippingOfferSerializer(many=True, source="offers")


class CountryShippingSerializer(serializers.Serializer):
    country = serializers.CharField()
    country_name = serializers.CharField()
    served = serializers.BooleanField(help_text="Whether the shop delivers there.")
    zone = serializers.CharField(allow_null=True)
    message = serializers.CharField(
        allow_blank=True, help_text="For a country not served: what to tell the customer."
    )
    vat_rate = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        allow_null=True,
        help_text="The country's standard VAT rate in percent; null if the shop has none.",
    )
    methods = ShippingOfferSerializer(many=True, source="offers")


class ShippingZoneListApi(ApiView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="shipping_zones_list",
        summary="Shipping zones: their countries, methods, prices and delivery times",
        tags=["shipping"],
        responses=api_responses({200: ShippingZoneSerializer(many=True)}),
    )
    def get(self, request: Request) -> Response:
        return Response(ShippingZoneSerializer(shipping_zones(), many=True).data)


def country_shipping_data(country: str) -> dict[str, Any]:
    delivery = shipping_for_country(country=country)
    taxes = country_taxes(country=delivery.country)
    return {
        "country": delivery.country,
        "country_name": country_name(delivery.country),
        "served": delivery.served,
        "zone": delivery.zone,
        "message": "" if delivery.served else not_served_message(country=delivery.country),
        "vat_rate": taxes.standard,
        "offers": delivery.offers,
    }


class CountryShippingApi(ApiView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="shipping_country_retrieve",
        summary="Do you ship to this country? With which methods, at what price, how fast",
        tags=["shipping"],
        parameters=[
            OpenApiParameter(
                "country",
                str,
                OpenApiParameter.PATH,
                pattern="^[A-Za-z]{2}$",
                description="An ISO 3166 country code, e.g. NO.",
            )
        ],
        responses=api_responses({200: CountryShippingSerializer}, 404),
    )
    def get(self, request: Request, country: str) -> Response:
        if not country_is_known(country):
            # Two letters that name no country: like a missing resource.
            raise NotFound(_("No such country code."))
        return Response(CountryShippingSerializer(country_shipping_data(country)).data)
