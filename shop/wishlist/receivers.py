"""The outbox handlers of the wishlist's e-mails."""

from __future__ import annotations

from shop.core import outbox

from .emails import saved_item_alert_deliver
from .services import BACK_IN_STOCK, PRICE_DROP


def connect() -> None:
    outbox.register_handler(PRICE_DROP, saved_item_alert_deliver)
    outbox.register_handler(BACK_IN_STOCK, saved_item_alert_deliver)
