from django.urls import path

from . import api

urlpatterns = [
    path("", api.WishlistApi.as_view(), name="wishlist"),
    path("<api_id:item_id>/", api.WishlistItemApi.as_view(), name="wishlist-item"),
    path("<api_id:item_id>/move-to-cart/", api.WishlistMoveApi.as_view(), name="wishlist-move"),
]
