from django.urls import path

from . import views

app_name = "orders"

urlpatterns = [
    path("cart/", views.cart_detail, name="cart"),
    path("cart/add/<int:product_id>/", views.cart_add_view, name="cart_add"),
    path("cart/update/<int:variant_id>/", views.cart_update_view, name="cart_update"),
    path("cart/remove/<int:variant_id>/", views.cart_remove_view, name="cart_remove"),
    path("country/", views.country_set, name="country"),
    path("checkout/", views.checkout_address, name="checkout_address"),
    path("checkout/shipping/", views.checkout_shipping, name="checkout_shipping"),
    path("checkout/payment/", views.checkout_payment, name="checkout_payment"),
    path("checkout/review/", views.checkout_review, name="checkout_review"),
    path("checkout/done/<str:number>/", views.checkout_confirmation, name="confirmation"),
    path("orders/", views.order_list, name="list"),
    path("orders/<str:number>/", views.order_detail, name="detail"),
    path("orders/<str:number>/cancel/", views.order_cancel, name="cancel"),
]
