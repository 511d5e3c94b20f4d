"""The assistant in the shop: understand a message with the core, then act on shop data.

The framework-free core (``customer_service.assistant``) decides what to do; these modules do
it with the orders, catalogue and FAQ, store the transcript and open tickets for staff:

- ``conversations``: one chat message in, the reply out (:func:`chat_message_handle`);
- ``actions``: the table of fulfilment handlers, one per assistant action;
- ``order_actions``: the handlers about one of the customer's own orders;
- ``tickets``: tickets for staff, their subject, priority, transcript and staff answers;
- ``facts``: shop facts (delivery per country, FAQ entries closest to the question);
- ``emails``: staff replies by e-mail through the outbox.

The public services are importable from here.
"""

from .actions import ACTIONS, fulfil, product_card
from .conversations import (
    MAX_MESSAGE_LENGTH,
    ChatReply,
    assistant_get,
    assistant_warm,
    chat_message_handle,
    conversation_back_to_assistant,
    conversation_claim_visitor,
    ticket_closed,
)
from .presence import conversation_seen
from .tickets import (
    NEGATIVE_PRIORITY_CONFIDENCE,
    ticket_answer,
    ticket_open,
    ticket_priority,
    ticket_request,
)

__all__ = [
    "ACTIONS",
    "MAX_MESSAGE_LENGTH",
    "NEGATIVE_PRIORITY_CONFIDENCE",
    "ChatReply",
    "assistant_get",
    "assistant_warm",
    "chat_message_handle",
    "conversation_back_to_assistant",
    "conversation_claim_visitor",
    "conversation_seen",
    "fulfil",
    "product_card",
    "ticket_answer",
    "ticket_closed",
    "ticket_open",
    "ticket_priority",
    "ticket_request",
]
