"""What the API says of a product's kind and variants: its type, attribute values, options and
variants; and the product types themselves (``GET /api/product-types/``)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from shop.catalogue.models import Product
from shop.catalogue.selectors import product_page
from shop.catalogue.selectors.types import product_type_list

from .base import ApiView
from .schema import api_responses
from .serializers import ProductTypeRefSerializer


class AttributeValueSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField(help_text='As shown, e.g. "35 l" or "Merino".')
    number = serializers.DecimalField(
        max_digits=12,
        decimal_places=3,
        allow_null=True,
        help_text="For attributes measured in a unit: the value in that unit.",
    )


class AttributeSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    input_type = serializers.ChoiceField(choices=["choice", "number"])
    unit = serializers.CharField(allow_blank=True, help_text='e.g. "l", "W", "cm"; blank if none.')


class ProductAttributeSerializer(AttributeSerializer):
    values = AttributeValueSerializer(many=True)


class ProductTypeAttributeSerializer(AttributeSerializer):
    role = serializers.ChoiceField(
        choices=["product", "variant"],
        help_text="`variant`: an option the shopper picks; each variant has one value of it.",
    )


class ProductTypeSerializer(ProductTypeRefSerializer):
    tax_class = serializers.CharField(
        allow_null=True, help_text="The tax class's slug; null for the standard rate."
    )
    attributes = ProductTypeAttributeSerializer(many=True)


class VariantOptionSerializer(serializers.Serializer):
    attribute = serializers.SlugField()
    value = serializers.SlugField()
    name = serializers.CharField()


class VariantSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="What the cart takes as `variant_id`.")
    sku = serializers.CharField()
    name = serializers.CharField(allow_blank=True, help_text='e.g. "Camel / XL".')
    price = serializers.DecimalField(max_digits=10, decimal_places=2)
    stock_quantity = serializers.IntegerField()
    in_stock = serializers.BooleanField()
    image_url = serializers.CharField()
    options = VariantOptionSerializer(many=True)


class OptionValueSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class OptionSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    values = OptionValueSerializer(many=True)


def variant_data(product: Product, request: Any) -> dict[str, Any]:
    """A product's attributes, options and variants for the detail serializer."""
    page = product_page(product=product, choice={})
    names = {
        (group.slug, choice.slug): choice.name for group in page.options for choice in group.choices
    }

    def absolute(path: str) -> str:
        return request.build_absolute_uri(path) if request is not None else path

    return {
        "options": [
            {
                "slug": group.slug,
                "name": group.name,
                "values": [{"slug": c.slug, "name": c.name} for c in group.choices],
            }
            for group in page.options
        ],
        "variants": [
            {
                "id": v.id,
                "sku": v.sku,
                "name": v.name,
                "price": v.price,
                "stock_quantity": v.stock,
                "in_stock": v.in_stock,
                "image_url": absolute(v.image_url),
                "options": [
                    {"attribute": a, "value": value, "name": names.get((a, value), value)}
                    for a, value in v.options.items()
                ],
            }
            for v in page.variants
        ],
    }


class ProductTypeListApi(ApiView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="product_types_list",
        summary="Product types with their attributes and options",
        tags=["catalogue"],
        responses=api_responses({200: ProductTypeSerializer(many=True)}),
    )
    def get(self, request: Request) -> Response:
        return Response(ProductTypeSerializer(product_type_list(), many=True).data)
