"""Catalogue reads: the category tree and products. Anyone may read them."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from recommendations.models import Interaction
from recommendations.services import interaction_record
from shop.catalogue.filters import RATING_CHOICES, SORT_CHOICES
from shop.catalogue.models import Product
from shop.catalogue.selectors import (
    CategoryNode,
    category_tree,
    product_get_for_page,
)
from shop.catalogue.selectors.types import product_attribute_data
from shop.core.consent import analytics_allowed
from shop.core.visitor import visitor_key
from shop.search.selectors import product_listing

from .base import PRODUCT_ID, ApiListView, ApiView, api_user, http_request
from .schema import api_responses
from .selectors import product_get_active
from .serializers import ProductSummarySerializer
from .variants import (
    OptionSerializer,
    ProductAttributeSerializer,
    VariantSerializer,
    variant_data,
)

# --- Serializers -----------------------------------------------------------------------------


class CategorySerializer(serializers.Serializer):
    """A category in a flat list: ``parent_id`` places it in the tree."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.SlugField()
    parent_id = serializers.IntegerField(allow_null=True)


class CategoryTreeSerializer(serializers.Serializer):
    """A category with everything below it."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.SlugField()

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        fields["children"] = CategoryTreeSerializer(many=True)
        return fields


class CategoryDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.SlugField()
    parent_id = serializers.IntegerField(allow_null=True)
    ancestors = CategorySerializer(many=True, help_text="From the root down to the parent.")
    children = CategoryTreeSerializer(many=True)


class ProductDetailSerializer(ProductSummarySerializer):
    description = serializers.CharField()
    category_path = serializers.SerializerMethodField(
        help_text="The product's category and its ancestors, root first."
    )
    attributes = serializers.SerializerMethodField(
        help_text="What its type says of it, e.g. material; options are in `options`."
    )
    options = serializers.SerializerMethodField(
        help_text="What the shopper picks (colour, size), with the values its variants have."
    )
    variants = serializers.SerializerMethodField(
        help_text="What is bought: each with its SKU, price, stock and options."
    )

    @extend_schema_field(CategorySerializer(many=True))
    def get_category_path(self, product: Product) -> list[dict[str, Any]]:
        ancestors = category_tree().ancestors(product.category_id)
        return CategorySerializer(ancestors, many=True).data  # type: ignore[return-value]

    @extend_schema_field(ProductAttributeSerializer(many=True))
    def get_attributes(self, product: Product) -> list[dict[str, Any]]:
        data = product_attribute_data(product=product)
        return ProductAttributeSerializer(data, many=True).data  # type: ignore[return-value]

    def _variants(self, product: Product) -> dict[str, Any]:
        # Options and variants come from one read of the product's variants.
        cache: dict[int, dict[str, Any]] = self.__dict__.setdefault("_variant_cache", {})
        if product.pk not in cache:
            cache[product.pk] = variant_data(product, self.context.get("request"))
        return cache[product.pk]

    @extend_schema_field(OptionSerializer(many=True))
    def get_options(self, product: Product) -> list[dict[str, Any]]:
        return OptionSerializer(self._variants(product)["options"], many=True).data  # type: ignore[return-value]

    @extend_schema_field(VariantSerializer(many=True))
    def get_variants(self, product: Product) -> list[dict[str, Any]]:
        return VariantSerializer(self._variants(product)["variants"], many=True).data  # type: ignore[return-value]


@extend_schema_field({"type": "string", "pattern": r"^([0-9]{1,10}(\.[0-9]{1,2})?)?$"})
class PriceFilterField(serializers.DecimalField):
    """A price bound in a query: empty (``?min_price=``) means no bound, as a form sends it."""

    def validate_empty_values(self, data: Any) -> tuple[bool, Any]:
        if data == "":
            return True, None
        empty: tuple[bool, Any] = super().validate_empty_values(data)
        return empty


class ProductFilterSerializer(serializers.Serializer):
    """The query of a product listing; a value that is not valid is a 400, not ignored."""

    q = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text="Search words, as a shopper types them: misspellings are corrected, joined or "
        'split compounds understood ("hairdryer"), and price words ("under 50") filter.',
    )
    category = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="A category slug: products in it and in every category below it.",
    )
    min_price = PriceFilterField(
        max_digits=12, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    max_price = PriceFilterField(
        max_digits=12, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    min_rating = serializers.ChoiceField(
        choices=RATING_CHOICES,
        required=False,
        allow_blank=True,
        help_text="Average rating at least this.",
    )
    in_stock = serializers.BooleanField(required=False, help_text="Only products in stock.")
    sort = serializers.ChoiceField(
        choices=SORT_CHOICES,
        required=False,
        allow_blank=True,
        help_text="`relevance` (the default) ranks search results; without `q` it is `popularity`.",
    )

    def filter_data(self) -> dict[str, str]:
        """The validated query in the form ``ProductFilter`` reads."""
        data: dict[str, str] = {}
        for name, value in self.validated_data.items():
            if name == "in_stock":
                data[name] = "true" if value else ""
            elif value not in (None, ""):
                data[name] = str(value)
        return data


# --- Views -----------------------------------------------------------------------------------


def _depth_first(nodes: list[CategoryNode]) -> list[CategoryNode]:
    """Every node, each parent just before its children, in the tree's order."""
    ordered: list[CategoryNode] = []
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        ordered.append(node)
        stack.extend(reversed(node.children))
    return ordered


def _node_or_404(slug: str) -> CategoryNode:
    node = category_tree().by_slug.get(slug)
    if node is None:
        raise NotFound(_("No such category."))
    return node


class CategoryListApi(ApiView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="categories_list",
        summary="All categories, flat, each parent before its children",
        tags=["catalogue"],
        responses=api_responses({200: CategorySerializer(many=True)}),
    )
    def get(self, request: Request) -> Response:
        return Response(CategorySerializer(_depth_first(category_tree().roots), many=True).data)


class CategoryTreeApi(ApiView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="categories_tree",
        summary="The category tree",
        tags=["catalogue"],
        responses=api_responses({200: CategoryTreeSerializer(many=True)}),
    )
    def get(self, request: Request) -> Response:
        return Response(CategoryTreeSerializer(category_tree().roots, many=True).data)


class CategoryDetailApi(ApiView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="categories_retrieve",
        summary="A category with its ancestors and subtree",
        tags=["catalogue"],
        responses=api_responses({200: CategoryDetailSerializer}, 404),
    )
    def get(self, request: Request, slug: str) -> Response:
        node = _node_or_404(slug)
        data = {
            "id": node.id,
            "name": node.name,
            "slug": node.slug,
            "parent_id": node.parent_id,
            "ancestors": category_tree().ancestors(node.id)[:-1],
            "children": node.children,
        }
        return Response(CategoryDetailSerializer(data).data)


class ProductListApi(ApiListView):
    permission_classes = [AllowAny]
    serializer_class = ProductSummarySerializer

    def get_queryset(self) -> QuerySet[Product]:
        # A plain dict: ``?in_stock=`` is then refused instead of read as "absent".
        query = ProductFilterSerializer(data=self.request.query_params.dict())
        query.is_valid(raise_exception=True)
        listing = product_listing(QueryDict(urlencode(query.filter_data())), facets=False)
        if not listing.filter.is_valid():
            raise ValidationError(listing.filter.errors)
        return listing.queryset

    @extend_schema(
        operation_id="products_list",
        summary="Products, filtered, sorted and paginated",
        tags=["catalogue"],
        parameters=[ProductFilterSerializer],
        responses=api_responses({200: ProductSummarySerializer(many=True)}, 400, 404),
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


def _record_view(request: Request, product: Product) -> None:
    """A product view counts for recommendations, as on the product page; an anonymous client
    without a session is not given one just for that."""
    user = api_user(request)
    django_request = http_request(request)
    tracked = user is None and analytics_allowed(django_request)
    session_key = visitor_key(django_request, create=False) if tracked else ""
    interaction_record(
        kind=Interaction.Kind.VIEW,
        product_id=product.pk,
        user_id=user.pk if user is not None else None,
        session_key=session_key,
    )


class ProductDetailApi(ApiView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="products_retrieve",
        summary="A product by id",
        tags=["catalogue"],
        parameters=[PRODUCT_ID],
        responses=api_responses({200: ProductDetailSerializer}, 404),
    )
    def get(self, request: Request, product_id: int) -> Response:
        product = product_get_active(product_id=product_id)
        if product is None:
            raise NotFound(_("No such product."))
        _record_view(request, product)
        return Response(ProductDetailSerializer(product, context={"request": request}).data)


class ProductBySlugApi(ApiView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="products_retrieve_by_slug",
        summary="A product by slug",
        tags=["catalogue"],
        responses=api_responses({200: ProductDetailSerializer}, 404),
    )
    def get(self, request: Request, slug: str) -> Response:
        product = product_get_for_page(slug=slug)
        if product is None:
            raise NotFound(_("No such product."))
        _record_view(request, product)
        return Response(ProductDetailSerializer(product, context={"request": request}).data)
