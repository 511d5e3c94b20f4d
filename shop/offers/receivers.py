"""What the offers app reacts to: orders placed (conversions), cancelled or refunded in full
(the conversion withdrawn), sign-ins (a visitor's clicks
join their account), and staff changing promotions or offer settings (the cached candidates
start afresh). Orders, the visitor cookie and promotions never import this app."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from shop.core import events
from shop.core.visitor import VisitorSignedIn
from shop.orders.events import OrderCancelled, OrderPlaced, OrderRefunded
from shop.promotions.models import Promotion

from .models import OfferSetting
from .services import (
    offer_clicks_claim,
    offer_conversion_attribute,
    offer_conversion_withdraw,
    slate_invalidate,
)


def attribute_order(event: OrderPlaced) -> None:
    if event.user_id is not None:
        offer_conversion_attribute(order_id=event.order_id)


def withdraw_conversion(event: OrderCancelled | OrderRefunded) -> None:
    offer_conversion_withdraw(order_id=event.order_id)


def claim_clicks(event: VisitorSignedIn) -> None:
    offer_clicks_claim(visitor_key=event.visitor_key, user_id=event.user_id)


def invalidate(**_kwargs: Any) -> None:
    slate_invalidate()


def connect() -> None:
    events.subscribe(OrderPlaced, attribute_order, uid="offers.conversions")
    events.subscribe(OrderCancelled, withdraw_conversion, uid="offers.withdraw_cancelled")
    events.subscribe(OrderRefunded, withdraw_conversion, uid="offers.withdraw_refunded")
    events.subscribe(VisitorSignedIn, claim_clicks, uid="offers.claim_clicks")
    for model in (Promotion, OfferSetting):
        post_save.connect(invalidate, sender=model, dispatch_uid=f"offers.{model.__name__}.save")
        post_delete.connect(
            invalidate, sender=model, dispatch_uid=f"offers.{model.__name__}.delete"
        )
    for through in (Promotion.categories.through, Promotion.products.through):
        m2m_changed.connect(invalidate, sender=through, dispatch_uid=f"offers.{through.__name__}")
