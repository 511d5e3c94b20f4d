"""``/api/chat/``: talk to the assistant; read a conversation (its owner only)."""

from __future__ import annotations

import logging
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from shop.accounts.models import User
from shop.api.base import ApiView
from shop.api.schema import api_responses
from shop.api.throttling import ChatIPRateThrottle, ChatUserRateThrottle
from shop.core.errors import ConflictError
from shop.core.visitor import visitor_key
from shop.orders.cart import DatabaseCartStore, SessionCartStore, shopper_country

from .assistant import INTENTS, ModelError
from .models import Conversation, Message
from .selectors import conversation_current, conversation_get_owned, conversation_messages
from .services import (
    MAX_MESSAGE_LENGTH,
    chat_message_handle,
    conversation_back_to_assistant,
    conversation_seen,
)

logger = logging.getLogger(__name__)


class AssistantUnavailable(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = gettext_lazy(
        "The assistant is not available right now; please try again later."
    )
    default_code = "assistant_unavailable"


class TextField(serializers.CharField):
    """A CharField that refuses numbers, lists and objects instead of turning them into text."""

    default_error_messages = {"not_text": _("The message must be text.")}

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("not_text")
        return str(super().to_internal_value(data))


class ChatRequestSerializer(serializers.Serializer):
    message = TextField(
        max_length=MAX_MESSAGE_LENGTH,
        error_messages={
            "blank": _("The message is empty."),
            "max_length": _("The message is too long (at most 1000 characters)."),
        },
    )
    conversation = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=2**62
    )


class ProductCardSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    price = serializers.CharField()
    currency = serializers.CharField()
    image = serializers.CharField()
    url = serializers.CharField()


class ChatResponseSerializer(serializers.Serializer):
    conversation = serializers.IntegerField()
    reply = serializers.CharField()
    intent = serializers.ChoiceField(choices=list(INTENTS))
    confidence = serializers.FloatField()
    products = ProductCardSerializer(many=True)
    suggestions = serializers.ListField(child=serializers.CharField())
    handoff = serializers.BooleanField()
    last_message = serializers.IntegerField()


class MessageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    sender = serializers.ChoiceField(choices=Message.Sender.choices)
    text = serializers.CharField()
    created_at = serializers.DateTimeField()
    products = ProductCardSerializer(many=True, source="data.products", default=list)
    suggestions = serializers.ListField(
        child=serializers.CharField(), source="data.suggestions", default=list
    )


class ConversationSerializer(serializers.Serializer):
    conversation = serializers.IntegerField(source="pk")
    status = serializers.ChoiceField(choices=Conversation.Status.choices)
    messages = MessageSerializer(many=True)


class CurrentConversationSerializer(serializers.Serializer):
    conversation = ConversationSerializer(allow_null=True)


def _conversation_data(conversation: Conversation, *, after: int = 0) -> dict[str, Any]:
    return {
        "pk": conversation.pk,
        "status": conversation.status,
        "messages": list(conversation_messages(conversation=conversation, after_id=after)),
    }


def _owner(request: Request) -> tuple[User | None, str]:
    user = request.user if isinstance(request.user, User) else None
    return user, "" if user else visitor_key(request._request)


class ChatView(ApiView):
    throttle_classes = [ChatUserRateThrottle, ChatIPRateThrottle]

    @extend_schema(
        tags=["assistant"],
        request=ChatRequestSerializer,
        responses=api_responses({200: ChatResponseSerializer}, 404, body=True),
        summary="Send a message to the assistant",
        description="Starts a conversation when `conversation` is null. `intent` is one of the "
        "assistant's intents; `handoff` is true once staff have taken over, and from then on "
        "`reply` is empty: the message goes to staff. `last_message` is the id of the last "
        "message stored, to read what follows it.",
    )
    def post(self, request: Request) -> Response:
        serializer = ChatRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user, visitor = _owner(request)
        conversation: Conversation | None = None
        conversation_id = serializer.validated_data.get("conversation")
        if conversation_id is not None:
            conversation = conversation_get_owned(
                conversation_id=conversation_id, user=user, visitor=visitor
            )
            if conversation is None:
                raise NotFound(_("No such conversation."))
        try:
            reply = chat_message_handle(
                text=serializer.validated_data["message"],
                conversation=conversation,
                user=user,
                visitor=visitor,
                # The sender's own cart: their account's when signed in, else their session's.
                cart=DatabaseCartStore(user)
                if user
                else SessionCartStore(request._request.session),
                country=shopper_country(request._request),
            )
        except ModelError as error:
            # No trained model and training on first use is off (a server): say so, fast.
            logger.error("the assistant has no usable model: %s", error)
            raise AssistantUnavailable from error
        conversation_seen(conversation_id=reply.conversation_id)
        body = {
            "conversation": reply.conversation_id,
            "reply": reply.reply,
            "intent": reply.intent,
            "confidence": reply.confidence,
            "products": reply.products,
            "suggestions": reply.suggestions,
            "handoff": reply.handoff,
            "last_message": reply.last_message,
        }
        return Response(ChatResponseSerializer(body).data, status=status.HTTP_200_OK)


def _owned_or_404(request: Request, conversation_id: int) -> Conversation:
    user, visitor = _owner(request)
    conversation = conversation_get_owned(
        conversation_id=conversation_id, user=user, visitor=visitor
    )
    if conversation is None:
        raise NotFound(_("No such conversation."))
    return conversation


class AfterSerializer(serializers.Serializer):
    after = serializers.IntegerField(required=False, min_value=0, max_value=2**62, default=0)


class ConversationView(ApiView):
    @extend_schema(
        parameters=[AfterSerializer],
        responses=api_responses({200: ConversationSerializer}, 400, 404),
        summary="Read a conversation, including staff replies",
        description="Only its owner (the signed-in customer, or the visitor who started it) "
        "can read it. `after` returns only the messages with a larger id.",
        tags=["assistant"],
    )
    def get(self, request: Request, conversation_id: int) -> Response:
        query = AfterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        conversation = _owned_or_404(request, conversation_id)
        conversation_seen(conversation_id=conversation.pk)  # the widget polls while a page is open
        data = _conversation_data(conversation, after=query.validated_data["after"])
        return Response(ConversationSerializer(data).data)


class CurrentConversationView(ApiView):
    @extend_schema(
        responses=api_responses({200: CurrentConversationSerializer}),
        summary="The customer's current conversation with its history",
        description="Signed in: the latest open conversation on any device; otherwise this "
        "visitor's. `conversation` is null when there is none.",
        tags=["assistant"],
    )
    def get(self, request: Request) -> Response:
        user, visitor = _owner(request)
        conversation = conversation_current(user=user, visitor=visitor)
        if conversation is not None:
            conversation_seen(conversation_id=conversation.pk)
        data = {"conversation": _conversation_data(conversation) if conversation else None}
        return Response(CurrentConversationSerializer(data).data)


class BackToAssistantView(ApiView):
    throttle_classes = [ChatUserRateThrottle, ChatIPRateThrottle]

    @extend_schema(
        request=None,
        responses=api_responses({200: MessageSerializer}, 404, 409),
        summary="Leave staff and talk to the assistant again",
        tags=["assistant"],
    )
    def post(self, request: Request, conversation_id: int) -> Response:
        conversation = _owned_or_404(request, conversation_id)
        if conversation.status != Conversation.Status.STAFF:
            raise ConflictError(_("This conversation is already with the assistant."))
        message = conversation_back_to_assistant(conversation=conversation)
        return Response(MessageSerializer(message).data)
