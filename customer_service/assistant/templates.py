"""Default English wording, in one place, for the Django side to translate and render.

The core only decides; these strings are defaults the Django side may pass through its own
i18n (``gettext(REPLY_TEMPLATES[...])``) and fill with ``str.format`` fields it owns:
``{order_number}``, ``{status}``, ``{query}``. FAQ answers come from the shop's FAQ, not
from here. Quick replies are written so that, sent back as a message, the assistant reads
them as intended (the tests check this).
"""

from __future__ import annotations

from .schema import Action, HandoffReason, Intent

# Small talk is answered by intent; every other action has one template.
SMALL_TALK_TEMPLATES: dict[str, str] = {
    Intent.GREETING: "Hello! I can help with orders, returns, delivery and finding products.",
    Intent.THANKS: "You're welcome! Is there anything else I can help with?",
    Intent.GOODBYE: "Thanks for visiting. Goodbye!",
}

REPLY_TEMPLATES: dict[str, str] = {
    Action.FAQ: "Here is what I found about that:",
    Action.ORDER_STATUS: "Order {order_number} is {status}.",
    Action.ASK_ORDER_NUMBER: "Which order do you mean? Pick one below or type its number.",
    Action.ASK_SIGN_IN: "Please sign in so I can look up your orders.",
    Action.CONFIRM_CANCEL: "Do you want me to cancel order {order_number}?",
    Action.CANCEL_ORDER: "Order {order_number} has been cancelled.",
    Action.CANCEL_DECLINED: "No problem, order {order_number} stays as it is.",
    Action.CHANGE_ORDER: "I've passed your change request for {order_number} to our team.",
    Action.VOUCHER: "Which code did you try? Type it here and I'll check it against your cart.",
    Action.SEARCH_PRODUCTS: "Here is what we have for \u201c{query}\u201d:",
    Action.RECOMMEND: "You might like these:",
    Action.HANDOFF: "I'm passing you to a member of our team, who will reply here shortly.",
    Action.FALLBACK: "Sorry, I didn't understand that. I can help with orders, returns, "
    "delivery, payments and products.",
}

HANDOFF_TEMPLATES: dict[str, str] = {
    HandoffReason.REQUESTED: "Of course, I'm connecting you to a member of our team.",
    HandoffReason.ANGRY: "I'm sorry about this. A member of our team will take it from here.",
    HandoffReason.REPEATED_FALLBACK: "I'm having trouble understanding, so I'm passing you "
    "to a member of our team.",
    HandoffReason.COMPLAINT: "I'm sorry to hear that. I've passed this to our team, who will "
    "look into it.",
}

OUT_OF_SCOPE_TEMPLATE = "I can only help with questions about this shop and your orders."

# Quick replies per action. Each must round-trip: sent back, it reaches the matching step.
SUGGESTIONS: dict[str, tuple[str, ...]] = {
    Action.REPLY: ("Where is my order?", "I want to return something", "Talk to a person"),
    Action.FAQ: ("Talk to a person",),
    Action.ORDER_STATUS: ("Cancel this order", "Talk to a person"),
    Action.ASK_ORDER_NUMBER: ("The latest one",),
    Action.ASK_SIGN_IN: ("I've signed in",),
    Action.CONFIRM_CANCEL: ("Yes, cancel it", "No, keep it"),
    Action.CANCEL_ORDER: ("Where is my order?",),
    Action.CANCEL_DECLINED: ("Where is my order?",),
    Action.CHANGE_ORDER: (),
    Action.VOUCHER: ("Talk to a person",),
    Action.SEARCH_PRODUCTS: ("Recommend something",),
    Action.RECOMMEND: ("Search for something else",),
    Action.HANDOFF: (),
    Action.FALLBACK: ("Where is my order?", "Returns and refunds", "Talk to a person"),
}

# For a fallback, the quick replies offer the closest intents the classifier saw.
INTENT_SUGGESTIONS: dict[str, str] = {
    Intent.ORDER_STATUS: "Where is my order?",
    Intent.CANCEL_ORDER: "Cancel an order",
    Intent.CHANGE_ORDER: "Change an order",
    Intent.RETURN_REFUND: "Returns and refunds",
    Intent.SHIPPING_INFO: "Delivery options",
    Intent.PAYMENT_ISSUE: "A problem with a payment",
    Intent.VOUCHER: "My voucher code doesn't work",
    Intent.PRODUCT_SEARCH: "Search for a product",
    Intent.RECOMMENDATION: "Recommend something",
    Intent.ACCOUNT_HELP: "Help with my account",
    Intent.CONTACT_HUMAN: "Talk to a person",
}
