"""Signals from the rest of the shop, recorded as the interactions recommendations learn from.

Orders, carts and sign-ins are announced as events by the apps that own them; this app reacts,
so those apps never import it. The rules stay in ``services``.
"""

from __future__ import annotations

from shop.core import events
from shop.core.visitor import VisitorSignedIn

from .services import interaction_claim_session


def claim_history(event: VisitorSignedIn) -> None:
    interaction_claim_session(session_key=event.visitor_key, user_id=event.user_id)


def connect() -> None:
    events.subscribe(VisitorSignedIn, claim_history, uid="recommendations.claim_history")
