"""Staff replies by e-mail, through the transactional outbox (``shop.core.outbox``).

``ticket_answer`` writes the outbox message in the transaction that stores the reply, so the
e-mail exists exactly when the reply does; the outbox calls :func:`staff_reply_deliver` once
the queue can take it. Only signed-in customers' chats have an address to write to.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from shop.core.outbox import Delivery, outbox_message_id, outbox_put

from ..models import Message
from ..selectors import conversation_customer_present

STAFF_REPLY = "customer_service.staff_reply"


def staff_reply_email_queue(*, message: Message) -> None:
    """Inside the transaction that stores a staff reply: e-mail it to a signed-in customer who
    has left the site (no poll or message for ``selectors.presence.AWAY_AFTER``); one still
    there sees it appear in the chat."""
    user = message.conversation.user
    if user is None or not user.email:
        return
    if conversation_customer_present(conversation_id=message.conversation_id):
        return
    outbox_put(
        kind=STAFF_REPLY, payload={"message_id": message.pk}, key=f"{STAFF_REPLY}:{message.pk}"
    )


def staff_reply_deliver(delivery: Delivery) -> None:
    """The outbox handler of ``customer_service.staff_reply``."""
    message = (
        Message.objects.select_related("conversation__user")
        .filter(pk=int(delivery.payload["message_id"]), sender=Message.Sender.STAFF)
        .first()
    )
    user = message.conversation.user if message is not None else None
    if message is None or user is None or not user.email or not user.is_active:
        return  # the chat or the account was deleted since: nobody to tell
    ticket = message.conversation.tickets.order_by("-created_at", "-pk").first()
    context = {
        "shop_name": settings.SHOP_NAME,
        "user": user,
        "reply": message.text,
        "subject": ticket.subject if ticket is not None else "",
    }
    EmailMessage(
        subject=render_to_string("customer_service/email/staff_reply_subject.txt", context).strip(),
        body=render_to_string("customer_service/email/staff_reply.txt", context),
        to=[user.email],
        headers={"Message-ID": outbox_message_id(delivery.message_id)},
    ).send()
