"""Fulfilment: carry out the action the assistant core decided, one handler per action.

The core (``customer_service.assistant``) only decides; :data:`ACTIONS` maps each of its
:class:`~customer_service.assistant.Action` values to the handler that does it with shop data
(the FAQ, the catalogue, the customer's orders, a ticket for staff). Order actions sit behind
two guards that the table spells out: :func:`signed_in` (anonymous visitors are asked to sign
in) and :func:`~.order_actions.with_own_order` (the order must be the customer's own).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import wraps
from types import MappingProxyType
from typing import Any

from django.db.models import F
from django.utils.translation import gettext as _

from shop.catalogue.models import Product
from shop.catalogue.search import product_search_queryset
from shop.catalogue.selectors import product_base_queryset, product_bestsellers

from ..assistant import Action
from ..assistant.templates import HANDOFF_TEMPLATES, SMALL_TALK_TEMPLATES
from ..models import Conversation
from ..selectors import faq_for_topic
from .order_actions import (
    ask_which_order,
    cancel_order,
    confirm_cancel,
    keep_order,
    request_change,
    show_order_status,
    sign_in_text,
    with_own_order,
)
from .tickets import ticket_open
from .turns import CustomerHandler, Handler, Outcome, Turn

PRODUCT_CARDS = 4


def product_card(product: Product) -> dict[str, Any]:
    return {
        "id": product.pk,
        "title": product.title,
        "price": str(product.price),
        "currency": product.currency,
        "image": product.image_url,
        "url": product.get_absolute_url(),
    }


def signed_in(handler: CustomerHandler) -> Handler:
    """Run ``handler`` for a signed-in customer; ask anyone else to sign in first."""

    @wraps(handler)
    def run(turn: Turn) -> Outcome:
        if turn.user is None:
            return Outcome(text=sign_in_text(), state=replace(turn.state, awaiting=None))
        return handler(turn, turn.user)

    return run


# --- Handlers -----------------------------------------------------------------------------------


def small_talk(turn: Turn) -> Outcome:
    """Greetings, goodbyes and thanks."""
    text = SMALL_TALK_TEMPLATES.get(
        turn.decision.intent, _("I can help with orders, returns, delivery and products.")
    )
    return Outcome(text=_(text), state=turn.state)


def answer_from_faq(turn: Turn) -> Outcome:
    """The staff-written FAQ entry for the intent, or an offer of a person."""
    entry = faq_for_topic(topic=turn.decision.intent)
    if entry is None:
        return Outcome(
            text=_("Our team can answer that. Would you like to talk to a person?"),
            state=turn.state,
            suggestions=[_("Talk to a person")],
        )
    text = entry.answer
    if entry.link_url:
        text += f" {entry.link_label or entry.link_url}: {entry.link_url}"
    return Outcome(text=text, state=turn.state)


def ask_sign_in(turn: Turn) -> Outcome:
    """The core asks for sign-in and keeps waiting for it (its state says so)."""
    return Outcome(text=sign_in_text(), state=turn.state)


def search_products(turn: Turn) -> Outcome:
    """Product cards for the customer's words, best matches in stock first."""
    query = turn.decision.entities.query or ""
    if not query.strip():
        return Outcome(text=_("What are you looking for?"), state=turn.state)
    found = list(
        product_search_queryset(
            product_base_queryset().filter(stock_quantity__gt=0), query
        ).order_by(F("search_rank").desc(), "-popularity")[:PRODUCT_CARDS]
    )
    if not found:
        return Outcome(
            text=_("I couldn't find anything for “%(query)s”.") % {"query": query},
            state=turn.state,
        )
    return Outcome(
        text=_("Here is what we have for “%(query)s”:") % {"query": query},
        state=turn.state,
        products=[product_card(p) for p in found],
    )


def recommend(turn: Turn) -> Outcome:
    """The best sellers as product cards."""
    return Outcome(
        text=_("These are popular right now:"),
        state=turn.state,
        products=[product_card(p) for p in product_bestsellers(limit=PRODUCT_CARDS)],
    )


def hand_off(turn: Turn) -> Outcome:
    """Pass the chat to staff: a ticket the first time, the same promise every time."""
    decision = turn.decision
    reason = str(decision.handoff_reason or "requested")
    if turn.conversation.status != Conversation.Status.STAFF:
        ticket_open(
            conversation=turn.conversation,
            user=turn.user,
            reason=reason,
            tone=decision.tone,
            order_number=decision.entities.order_number or "",
        )
    text = HANDOFF_TEMPLATES.get(reason, HANDOFF_TEMPLATES["requested"])
    return Outcome(
        text=_(text)
        + " "
        + _("Our team answers within one working day; the reply appears right here."),
        state=turn.state,
        suggestions=[],
    )


def not_understood(turn: Turn) -> Outcome:
    return Outcome(
        text=_(
            "Sorry, I didn't understand that. I can help with orders, returns, delivery, "
            "payments and products."
        ),
        state=turn.state,
    )


# Every Action has a handler (tests/customer_service/test_actions.py checks it).
ACTIONS: Mapping[Action, Handler] = MappingProxyType(
    {
        Action.REPLY: small_talk,
        Action.FAQ: answer_from_faq,
        Action.ASK_SIGN_IN: ask_sign_in,
        Action.ASK_ORDER_NUMBER: signed_in(ask_which_order),
        Action.ORDER_STATUS: signed_in(with_own_order(show_order_status)),
        Action.CONFIRM_CANCEL: signed_in(with_own_order(confirm_cancel)),
        Action.CANCEL_ORDER: signed_in(with_own_order(cancel_order)),
        Action.CANCEL_DECLINED: keep_order,
        Action.CHANGE_ORDER: signed_in(request_change),
        Action.SEARCH_PRODUCTS: search_products,
        Action.RECOMMEND: recommend,
        Action.HANDOFF: hand_off,
        Action.FALLBACK: not_understood,
    }
)


def fulfil(turn: Turn) -> Outcome:
    """Carry out the turn's action with its handler."""
    return ACTIONS[turn.decision.action](turn)
