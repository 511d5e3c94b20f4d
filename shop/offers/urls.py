from django.urls import path

from . import views

app_name = "offers"

urlpatterns = [
    path("offers/go/<str:token>/", views.offer_click, name="click"),
]
