from django.urls import path

from .api import ChatView, ConversationView

urlpatterns = [
    path("", ChatView.as_view(), name="chat"),
    path("<api_id:conversation_id>/", ConversationView.as_view(), name="chat-conversation"),
]
