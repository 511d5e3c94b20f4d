from django.urls import path

from . import views

app_name = "ratings"

urlpatterns = [
    path("product/<int:product_id>/review/", views.review_save, name="save"),
    path("product/<int:product_id>/review/delete/", views.review_remove, name="delete"),
]
