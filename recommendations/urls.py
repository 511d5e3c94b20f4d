from django.urls import path

from . import views

app_name = "recommendations"

urlpatterns = [
    path("not-interested/", views.not_interested, name="not_interested"),
]
