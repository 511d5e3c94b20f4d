from django.urls import path

from . import views

app_name = "promotions"

urlpatterns = [
    path("cart/voucher/", views.voucher_apply_view, name="voucher_apply"),
    path("cart/voucher/remove/", views.voucher_remove_view, name="voucher_remove"),
]
