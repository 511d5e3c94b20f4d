from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from shop.accounts.models import User

from .models import Conversation, FAQEntry, Message, SupportTicket
from .selectors import assistant_statistics
from .services import ticket_answer, ticket_closed


class MessageInline(admin.TabularInline):
    model = Message
    extra = 0
    can_delete = False
    fields = ("created_at", "sender", "text", "intent", "confidence", "handled")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ("pk", "user", "status", "last_intent", "created_at", "updated_at")
    list_filter = ("status", "last_intent", "created_at")
    list_select_related = ("user",)
    search_fields = ("user__username", "user__email", "messages__text")
    readonly_fields = ("user", "visitor_key", "status", "state", "last_intent", "created_at")
    inlines = (MessageInline,)
    change_list_template = "admin/customer_service/conversation/change_list.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra_context = {**(extra_context or {}), "assistant_stats": assistant_statistics()}
        return super().changelist_view(request, extra_context=extra_context)


@admin.register(SupportTicket)
class SupportTicketAdmin(admin.ModelAdmin):
    list_display = (
        "pk",
        "subject",
        "priority",
        "status",
        "intent",
        "reason",
        "order_number",
        "user",
        "created_at",
    )
    list_filter = ("status", "priority", "intent", "reason", "created_at")
    list_select_related = ("user",)
    search_fields = ("subject", "transcript", "user__username", "order_number")
    readonly_fields = (
        "conversation",
        "user",
        "reason",
        "intent",
        "subject",
        "transcript",
        "order_number",
        "order",
        "answered_by",
        "answered_at",
        "created_at",
    )
    fields = (
        "subject",
        "user",
        "priority",
        "status",
        "intent",
        "reason",
        "order",
        "order_number",
        "transcript",
        "staff_reply",
        "answered_by",
        "answered_at",
        "conversation",
        "created_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: SupportTicket, form: Any, change: bool) -> None:
        reply = obj.staff_reply
        if "staff_reply" in form.changed_data and reply.strip():
            assert isinstance(request.user, User)
            obj.save(update_fields=["priority"])
            ticket_answer(ticket=obj, staff=request.user, text=reply)
            messages.info(
                request,
                _("Your reply was sent to the customer's chat (and by e-mail when signed in)."),
            )
        else:
            super().save_model(request, obj, form, change)
            if "status" in form.changed_data and obj.status == SupportTicket.Status.CLOSED:
                ticket_closed(ticket=obj)


@admin.register(FAQEntry)
class FAQEntryAdmin(admin.ModelAdmin):
    list_display = ("question", "topic", "is_active", "position")
    list_editable = ("is_active", "position")
    list_filter = ("topic", "is_active")
    search_fields = ("question", "answer")
