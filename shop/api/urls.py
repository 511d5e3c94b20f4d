"""The shop's own endpoints under /api/, with the OpenAPI schema and docs, and the JSON 404
for every path nobody serves. ``config.urls`` mounts them in the ``api`` namespace after the
apps' own APIs (chat, recommendations), so this package imports none of those."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import (
    auth,
    cart,
    catalogue,
    checkout,
    orders,
    promotions,
    refunds,
    reviews,
    shipping,
    variants,
)
from .exceptions import api_not_found

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("auth/token/", auth.TokenApi.as_view(), name="token"),
    path("categories/", catalogue.CategoryListApi.as_view(), name="category-list"),
    path("categories/tree/", catalogue.CategoryTreeApi.as_view(), name="category-tree"),
    path("categories/<slug:slug>/", catalogue.CategoryDetailApi.as_view(), name="category"),
    path("products/", catalogue.ProductListApi.as_view(), name="product-list"),
    path("products/<api_id:product_id>/", catalogue.ProductDetailApi.as_view(), name="product"),
    path(
        "products/slug/<slug:slug>/",
        catalogue.ProductBySlugApi.as_view(),
        name="product-by-slug",
    ),
    path(
        "products/<api_id:product_id>/reviews/",
        reviews.ProductReviewListApi.as_view(),
        name="product-reviews",
    ),
    path(
        "products/<api_id:product_id>/review/",
        reviews.OwnReviewApi.as_view(),
        name="product-own-review",
    ),
    path("cart/", cart.CartApi.as_view(), name="cart"),
    path("cart/items/", cart.CartItemsApi.as_view(), name="cart-items"),
    path("cart/voucher/", promotions.CartVoucherApi.as_view(), name="cart-voucher"),
    path("cart/items/<api_id:variant_id>/", cart.CartItemApi.as_view(), name="cart-item"),
    path("product-types/", variants.ProductTypeListApi.as_view(), name="product-type-list"),
    path("shipping/zones/", shipping.ShippingZoneListApi.as_view(), name="shipping-zones"),
    re_path(
        r"^shipping/countries/(?P<country>[A-Za-z]{2})/$",
        shipping.CountryShippingApi.as_view(),
        name="shipping-country",
    ),
    path("checkout/", checkout.CheckoutApi.as_view(), name="checkout"),
    path("orders/", orders.OrderListApi.as_view(), name="order-list"),
    re_path(
        rf"^orders/(?P<number>{orders.ORDER_NUMBER_PATTERN})/$",
        orders.OrderDetailApi.as_view(),
        name="order",
    ),
    re_path(
        rf"^orders/(?P<number>{orders.ORDER_NUMBER_PATTERN})/cancel/$",
        orders.OrderCancelApi.as_view(),
        name="order-cancel",
    ),
    re_path(
        rf"^staff/orders/(?P<number>{orders.ORDER_NUMBER_PATTERN})/lines/(?P<line_id>[0-9]+)/refund/$",
        refunds.OrderLineRefundApi.as_view(),
        name="staff-order-line-refund",
    ),
    # Last: an unknown path under /api/ is a JSON 404, not the shop's HTML page.
    re_path(r"^[\s\S]*$", api_not_found),
]
