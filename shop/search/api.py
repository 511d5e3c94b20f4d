"""``GET /api/search/suggest/?q=``: what the header's combobox offers while the shopper types."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from shop.api.base import ApiView
from shop.api.schema import api_responses
from shop.catalogue.models import Product

from .selectors import SUGGEST_MAX_LENGTH, search_suggest


class SuggestQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text=f"What the shopper has typed so far (cut to {SUGGEST_MAX_LENGTH} characters).",
    )


class SuggestedProductSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    brand = serializers.CharField()
    price = serializers.DecimalField(max_digits=10, decimal_places=2)
    currency = serializers.CharField()
    in_stock = serializers.BooleanField()
    # A method field, not ``source="get_absolute_url"``: DRF inspects a callable source's
    # signature for every product of every suggestion (about 5 ms a request).
    url = serializers.SerializerMethodField(help_text="The product's page.")

    @extend_schema_field(OpenApiTypes.STR)
    def get_url(self, product: Product) -> str:
        return str(product.get_absolute_url())


class SuggestedCategorySerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.SlugField()
    url = serializers.CharField(help_text="The category's page.")


class SuggestionsSerializer(serializers.Serializer):
    query = serializers.CharField(help_text="The query as understood (spaces tidied).")
    corrected = serializers.CharField(
        allow_null=True, help_text="The query with its misspellings corrected, if it had any."
    )
    terms = serializers.ListField(
        child=serializers.CharField(), help_text="Completed or corrected queries to search for."
    )
    products = SuggestedProductSerializer(many=True)
    categories = SuggestedCategorySerializer(many=True)


class SuggestApi(ApiView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="search_suggest",
        summary="Search suggestions: completed and corrected queries, products, categories",
        tags=["search"],
        parameters=[SuggestQuerySerializer],
        responses=api_responses({200: SuggestionsSerializer}, 400),
    )
    def get(self, request: Request) -> Response:
        query = SuggestQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        suggestions = search_suggest(query.validated_data.get("q", ""))
        return Response(SuggestionsSerializer(suggestions).data)
