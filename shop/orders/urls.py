from django.urls import path, register_converter

from . import views


class OrderNumberConverter:
    """``<order_number:number>``: what an order number can look like (``ORD-`` and eight
    characters today, room for longer). Anything else, a NUL byte included, is a 404 before it
    reaches the database (PostgreSQL refuses NUL in text, which was a 500)."""

    regex = "[A-Za-z0-9-]{1,20}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(OrderNumberConverter, "order_number")

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
    path("checkout/done/<order_number:number>/", views.checkout_confirmation, name="confirmation"),
    path("orders/", views.order_list, name="list"),
    path("orders/<order_number:number>/", views.order_detail, name="detail"),
    path("orders/<order_number:number>/cancel/", views.order_cancel, name="cancel"),
    # A guest's order by the signed link in their e-mail ("ORD-...:<time>:<signature>").
    path("orders/lookup/<str:token>/", views.order_lookup, name="lookup"),
]
