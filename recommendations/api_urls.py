from django.urls import path

from . import api

urlpatterns = [
    path("home/", api.HomeRecommendationsApi.as_view(), name="recommendations-home"),
    path(
        "product/<api_id:product_id>/",
        api.ProductRecommendationsApi.as_view(),
        name="recommendations-product",
    ),
    path(
        "product/<api_id:product_id>/together/",
        api.ProductTogetherApi.as_view(),
        name="recommendations-product-together",
    ),
    path("cart/", api.CartRecommendationsApi.as_view(), name="recommendations-cart"),
    path("builds/", api.BuildListApi.as_view(), name="recommendation-builds"),
    path("builds/<api_id:version>/", api.BuildDetailApi.as_view(), name="recommendation-build"),
]
