"""Serializers shared by the API's modules and by the apps' own APIs (recommendations lists
products too): one shape for a product wherever it is listed. Imports only the catalogue, so
any API module may use it without importing another's views."""

from __future__ import annotations

from rest_framework import serializers

from shop.catalogue.models import Product


class ProductTypeRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.SlugField()


class CategoryRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.SlugField()


class ProductSummarySerializer(serializers.Serializer):
    """A product as a listing shows it. Every listing uses it: catalogue, cart, recommendations."""

    id = serializers.IntegerField()
    slug = serializers.SlugField()
    sku = serializers.CharField(help_text="The product's reference; each variant has its own SKU.")
    title = serializers.CharField()
    brand = serializers.CharField()
    product_type = ProductTypeRefSerializer()
    price = serializers.DecimalField(
        max_digits=10,
        decimal_places=2,
        help_text="The lowest price of its variants, as consumers pay it (VAT included when the "
        "shop's prices include it).",
    )
    currency = serializers.CharField()
    in_stock = serializers.BooleanField(help_text="Some variant is in stock.")
    stock_quantity = serializers.IntegerField(help_text="All its variants together.")
    rating_average = serializers.DecimalField(max_digits=3, decimal_places=2)
    rating_count = serializers.IntegerField()
    category = CategoryRefSerializer()
    image_url = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField(help_text="The product's page in the shop.")

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path

    def get_image_url(self, product: Product) -> str:
        return self._absolute(product.image_url)

    def get_url(self, product: Product) -> str:
        return self._absolute(product.get_absolute_url())
