"""Fulfilment: carry out the action the assistant core decided, one handler per action.

The core (``customer_service.assistant``) only decides; :data:`ACTIONS` maps each of its
:class:`~customer_service.assistant.Action` values to the handler that does it with shop data
(the FAQ, the catalogue, the customer's orders, the shopper's cart and its voucher, a ticket
for staff). Order actions sit behind
two guards that the table spells out: :func:`signed_in` (anonymous visitors are asked to sign
in) and :func:`~.order_actions.with_own_order` (the order must be the customer's own).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import wraps
from types import MappingProxyType
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shop.catalogue.selectors import product_bestsellers

from ..assistant import Action, HandoffReason, ProductConstraints
from ..assistant.templates import HANDOFF_TEMPLATES, SMALL_TALK_TEMPLATES
from ..models import Conversation
from ..selectors import ProductHit, products_find
from .facts import delivery_text, faq_text, support_hours
from .order_actions import (
    ask_which_order,
    cancel_order,
    confirm_cancel,
    keep_order,
    order_in_context,
    request_change,
    show_order_status,
    sign_in_text,
    with_own_order,
)
from .tickets import ticket_open
from .turns import CustomerHandler, Handler, Outcome, Turn
from .voucher_actions import voucher_help

PRODUCT_CARDS = 4
# What the nearest products miss, as the reply says it.
_UNMET = {
    "price": gettext_noop("within your price range"),
    "colour": gettext_noop("in that colour"),
    "size": gettext_noop("in that size"),
    "people": gettext_noop("for that many people"),
    "attributes": gettext_noop("with everything you asked for"),
    "brand": gettext_noop("from that brand"),
}


def product_card(hit: ProductHit) -> dict[str, Any]:
    product = hit.product
    return {
        "id": product.pk,
        "title": product.title,
        "price": str(hit.price),
        "currency": product.currency,
        # The variant's own image, else the product's (read from the product in hand).
        "image": str(hit.variant.image.url)
        if hit.variant is not None and hit.variant.image
        else product.image_url,
        "url": hit.url,
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
    """The shop's own answer: delivery to a named country from the shipping zones, else the
    topic's FAQ entry closest to the question, else an offer of a person."""
    decision = turn.decision
    if str(decision.intent) == "shipping_info" and decision.entities.country:
        return Outcome(text=delivery_text(country=decision.entities.country), state=turn.state)
    text = faq_text(topic=str(decision.intent), text=turn.text)
    if text is None:
        return Outcome(
            text=_("Our team can answer that. Would you like to talk to a person?"),
            state=turn.state,
            suggestions=[_("Talk to a person")],
            answered=False,
        )
    return Outcome(text=text, state=turn.state)


def ask_sign_in(turn: Turn) -> Outcome:
    """The core asks for sign-in and keeps waiting for it (its state says so)."""
    return Outcome(text=sign_in_text(), state=turn.state)


def _products_reply(turn: Turn, constraints: ProductConstraints | None, query: str) -> Outcome:
    """Products satisfying every constraint, or the nearest with what they miss, or none."""
    match = products_find(constraints=constraints, query=query, limit=PRODUCT_CARDS)
    cards = [product_card(hit) for hit in match.hits]
    if match.exact:
        return Outcome(
            text=_("Here is what we have for “%(query)s”:") % {"query": query},
            state=turn.state,
            products=cards,
        )
    if not cards:
        return Outcome(
            text=_("I couldn't find anything for “%(query)s”.") % {"query": query},
            state=turn.state,
            suggestions=[_("Recommend something"), _("Talk to a person")],
            answered=False,
        )
    missing = ", ".join(_(_UNMET[name]) for name in match.unmet if name in _UNMET)
    return Outcome(
        text=_("Nothing we have matches all of “%(query)s”. The nearest, though not %(missing)s:")
        % {"query": query, "missing": missing or _("everything you asked for")},
        state=turn.state,
        products=cards,
        answered=False,
    )


def search_products(turn: Turn) -> Outcome:
    """Products for the customer's words and constraints, in stock, best matches first."""
    entities = turn.decision.entities
    query = (entities.query or "").strip()
    constraints = entities.constraints
    if not query and (constraints is None or constraints.is_empty()):
        return Outcome(text=_("What are you looking for?"), state=turn.state)
    return _products_reply(turn, constraints, query or turn.text)


def recommend(turn: Turn) -> Outcome:
    """Products for what the customer described; the best sellers when nothing was (or when
    a description without constraints, "something for my dad", finds nothing)."""
    entities = turn.decision.entities
    query = (entities.query or "").strip()
    constraints = entities.constraints
    if constraints is not None and not constraints.is_empty():
        return _products_reply(turn, constraints, query or turn.text)
    if query:
        outcome = _products_reply(turn, constraints, query)
        if outcome.products:
            return outcome
    return Outcome(
        text=_("These are popular right now:"),
        state=turn.state,
        products=[
            product_card(ProductHit(p, None, p.price))
            for p in product_bestsellers(limit=PRODUCT_CARDS)
        ],
    )


def hand_off(turn: Turn) -> Outcome:
    """Pass the chat to staff (said once: later messages go to the ticket, not here). A
    question about support hours is answered instead."""
    decision = turn.decision
    reason = str(decision.handoff_reason or HandoffReason.REQUESTED)
    if reason == HandoffReason.REQUESTED and (hours := support_hours(turn)) is not None:
        return hours
    order = order_in_context(turn)
    if turn.conversation.status != Conversation.Status.STAFF:
        ticket_open(
            conversation=turn.conversation,
            user=turn.user,
            reason=reason,
            tone=decision.tone,
            order_number=order.number if order else decision.entities.order_number or "",
            order=order,
        )
    text = HANDOFF_TEMPLATES.get(reason, HANDOFF_TEMPLATES["requested"])
    return Outcome(
        text=_(text)
        + " "
        + _(
            "A person will answer you here, within one working day; until then I'll pass "
            "everything you write to them."
        ),
        state=turn.state,
        suggestions=[],
        # Handed over because the assistant could not answer: that counts as unanswered.
        answered=reason != HandoffReason.REPEATED_FALLBACK,
    )


def not_understood(turn: Turn) -> Outcome:
    return Outcome(
        text=_(
            "Sorry, I didn't understand that. I can help with orders, returns, delivery, "
            "payments and products."
        ),
        state=turn.state,
        answered=False,
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
        Action.VOUCHER: voucher_help,
        Action.SEARCH_PRODUCTS: search_products,
        Action.RECOMMEND: recommend,
        Action.HANDOFF: hand_off,
        Action.FALLBACK: not_understood,
    }
)


def fulfil(turn: Turn) -> Outcome:
    """Carry out the turn's action with its handler."""
    return ACTIONS[turn.decision.action](turn)
