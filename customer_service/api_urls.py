from django.urls import path

from .api import BackToAssistantView, ChatView, ConversationView, CurrentConversationView

urlpatterns = [
    path("", ChatView.as_view(), name="chat"),
    path("current/", CurrentConversationView.as_view(), name="chat-current"),
    path("<api_id:conversation_id>/", ConversationView.as_view(), name="chat-conversation"),
    path(
        "<api_id:conversation_id>/assistant/",
        BackToAssistantView.as_view(),
        name="chat-back-to-assistant",
    ),
]
