from django.urls import path

from . import views

app_name = "wishlist"

urlpatterns = [
    path("saved/", views.saved_list, name="list"),
    path("saved/add/<int:product_id>/", views.saved_add, name="save"),
    path("saved/<int:item_id>/remove/", views.saved_remove, name="remove"),
    path("saved/<int:item_id>/to-cart/", views.saved_to_cart, name="to_cart"),
    path("cart/save/<int:variant_id>/", views.cart_save_for_later, name="cart_save"),
]
