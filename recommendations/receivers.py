"""Signals from the rest of the shop, recorded as the interactions recommendations learn from.

Carts, orders and sign-ins are announced as events by the apps that own them; this app reacts,
so those apps never import it. The rules stay in ``services``.
"""

from __future__ import annotations

from shop.core import events
from shop.core.consent import AnalyticsDeclined
from shop.core.visitor import VisitorSignedIn
from shop.orders.events import CartItemAdded, OrderPaid
from shop.ratings.events import ReviewSubmitted

from .models import Interaction
from .services import interaction_claim_session, interaction_record, recent_views_forget


def claim_history(event: VisitorSignedIn) -> None:
    interaction_claim_session(session_key=event.visitor_key, user_id=event.user_id)


def forget_views(event: AnalyticsDeclined) -> None:
    recent_views_forget(visitor_key=event.visitor_key)


def record_cart_addition(event: CartItemAdded) -> None:
    interaction_record(
        kind=Interaction.Kind.CART,
        product_id=event.product_id,
        user_id=event.user_id,
        session_key=event.visitor_key,
        weight=event.quantity,
    )


def record_purchase(event: OrderPaid) -> None:
    if event.user_id is None:
        return
    for product_id, quantity in event.lines:
        if product_id is not None:
            interaction_record(
                kind=Interaction.Kind.PURCHASE,
                product_id=product_id,
                user_id=event.user_id,
                weight=quantity,
            )


def record_rating(event: ReviewSubmitted) -> None:
    interaction_record(
        kind=Interaction.Kind.RATING,
        product_id=event.product_id,
        user_id=event.user_id,
        weight=float(event.stars),
    )


def connect() -> None:
    events.subscribe(VisitorSignedIn, claim_history, uid="recommendations.claim_history")
    events.subscribe(AnalyticsDeclined, forget_views, uid="recommendations.forget_views")
    events.subscribe(CartItemAdded, record_cart_addition, uid="recommendations.cart")
    events.subscribe(OrderPaid, record_purchase, uid="recommendations.purchase")
    events.subscribe(ReviewSubmitted, record_rating, uid="recommendations.rating")
