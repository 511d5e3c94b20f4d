from django.urls import path

from . import api

urlpatterns = [path("suggest/", api.SuggestApi.as_view(), name="search-suggest")]
