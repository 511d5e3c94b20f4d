"""Reads for the assistant.

* ``conversations``: conversations (only ever visible to their owner), FAQ entries, statistics;
* ``products``: products for a question with constraints (:func:`products_find`);
* ``vocabulary``: the catalogue's words for the constraint extractor (:func:`shop_vocabulary`).
"""

from .conversations import (
    assistant_statistics,
    conversation_current,
    conversation_get_owned,
    conversation_messages,
    faq_best_for,
    faq_for_topic,
    unanswered_groups,
)
from .presence import conversation_customer_present
from .products import ProductHit, ProductMatch, products_find
from .vocabulary import shop_vocabulary

__all__ = [
    "ProductHit",
    "ProductMatch",
    "assistant_statistics",
    "conversation_current",
    "conversation_customer_present",
    "conversation_get_owned",
    "conversation_messages",
    "faq_best_for",
    "faq_for_topic",
    "products_find",
    "shop_vocabulary",
    "unanswered_groups",
]
