"""The closed vocabularies shared by the assistant core and the Django side.

They are ``StrEnum``s so a value compares equal to its plain string, serialises to JSON as
that string, and can be stored in a session or a database column without conversion.
"""

from __future__ import annotations

from enum import StrEnum


class Intent(StrEnum):
    """What the customer wants. The names are part of the contract with the Django side."""

    GREETING = "greeting"
    GOODBYE = "goodbye"
    THANKS = "thanks"
    ORDER_STATUS = "order_status"
    CANCEL_ORDER = "cancel_order"
    CHANGE_ORDER = "change_order"
    RETURN_REFUND = "return_refund"
    SHIPPING_INFO = "shipping_info"
    PAYMENT_ISSUE = "payment_issue"
    VOUCHER = "voucher"
    PRODUCT_SEARCH = "product_search"
    RECOMMENDATION = "recommendation"
    ACCOUNT_HELP = "account_help"
    CONTACT_HUMAN = "contact_human"
    COMPLAINT = "complaint"
    OUT_OF_SCOPE = "out_of_scope"


INTENTS: tuple[str, ...] = tuple(intent.value for intent in Intent)
IN_SCOPE_INTENTS: frozenset[str] = frozenset(INTENTS) - {Intent.OUT_OF_SCOPE.value}


class Action(StrEnum):
    """What the Django side should do next; the core never does it itself."""

    REPLY = "reply"  # small talk: greeting, goodbye, thanks
    FAQ = "faq"  # answer from the FAQ for the decided intent
    ORDER_STATUS = "order_status"  # look up the order and show its status
    ASK_ORDER_NUMBER = "ask_order_number"  # list recent orders and ask which one
    ASK_SIGN_IN = "ask_sign_in"  # order questions need a signed-in customer
    CONFIRM_CANCEL = "confirm_cancel"  # check the order is cancellable, then ask yes/no
    CANCEL_ORDER = "cancel_order"  # the customer confirmed: cancel through the orders service
    CANCEL_DECLINED = "cancel_declined"  # the customer said no: keep the order
    CHANGE_ORDER = "change_order"  # changes are done by staff: open a ticket
    VOUCHER = "voucher"  # say whether entities.voucher_code (or the cart's) works for the cart
    SEARCH_PRODUCTS = "search_products"  # search the catalogue for entities.query
    RECOMMEND = "recommend"  # show recommendations (entities.query may narrow them)
    HANDOFF = "handoff"  # hand the conversation to staff (see Decision.handoff_reason)
    FALLBACK = "fallback"  # not understood or not a shop question


class Source(StrEnum):
    """Which stage produced the decided intent; kept for analytics and debugging."""

    RULE = "rule"
    CLASSIFIER = "classifier"
    FALLBACK = "fallback"


class HandoffReason(StrEnum):
    """Why a conversation went to staff, so staff see the context first."""

    REQUESTED = "requested"
    ANGRY = "angry"
    REPEATED_FALLBACK = "repeated_fallback"
    COMPLAINT = "complaint"


class Awaiting(StrEnum):
    """What the assistant asked for last, so the next message is read as the answer."""

    ORDER_NUMBER = "order_number"
    CONFIRM_CANCEL = "confirm_cancel"
    SIGN_IN = "sign_in"
    VOUCHER_CODE = "voucher_code"
