"""The actions about one of the customer's orders: which one, its status, cancel, change.

Every order is looked up among the signed-in customer's own orders only (see
:func:`own_order_or_not_found`): another customer's order number gets exactly the answer a
number that does not exist gets, so the chat reveals nothing about other people's orders.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import wraps

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from shop.accounts.models import User
from shop.orders.errors import OrderTransitionError
from shop.orders.models import Order, OrderStatus
from shop.orders.selectors import order_get_for_user, order_list_for_user
from shop.orders.services import order_cancel_by_customer

from ..assistant import Awaiting, Intent
from .tickets import ticket_open
from .turns import CustomerHandler, Outcome, Turn

RECENT_ORDERS = 5
# Orders still on their way: a customer with exactly one is never asked "which order?".
OPEN_STATUSES = (OrderStatus.PENDING, OrderStatus.PAID, OrderStatus.SHIPPED)

# An action about one order the customer owns; ``with_own_order`` finds it first.
OrderHandler = Callable[[Turn, User, Order], Outcome]


def sign_in_text() -> str:
    return _("Please sign in so I can look up your orders: %(url)s") % {
        "url": reverse("accounts:login")
    }


def recent_orders(user: User) -> list[Order]:
    return list(order_list_for_user(user=user)[:RECENT_ORDERS])


def order_summary(order: Order) -> str:
    parts = [
        _("Order %(number)s is %(status)s.")
        % {"number": order.number, "status": order.get_status_display().lower()},
        _("Placed on %(date)s.") % {"date": date_format(order.created_at, "DATE_FORMAT")},
    ]
    if order.shipped_at:
        parts.append(
            _("Shipped on %(date)s.") % {"date": date_format(order.shipped_at, "DATE_FORMAT")}
        )
    if order.delivered_at:
        parts.append(
            _("Delivered on %(date)s.") % {"date": date_format(order.delivered_at, "DATE_FORMAT")}
        )
    if order.tracking_number:
        parts.append(_("Tracking number: %(tracking)s.") % {"tracking": order.tracking_number})
    return " ".join(parts)


def the_only_order(user: User) -> Order | None:
    """The order a customer can only mean: their one open order, or else their one order."""
    open_orders = list(order_list_for_user(user=user).filter(status__in=OPEN_STATUSES)[:2])
    if open_orders:
        return open_orders[0] if len(open_orders) == 1 else None
    orders = list(order_list_for_user(user=user)[:2])
    return orders[0] if len(orders) == 1 else None


def order_in_context(turn: Turn) -> Order | None:
    """The signed-in customer's own order the conversation is about, if any."""
    if turn.user is None:
        return None
    number = turn.decision.entities.order_number or turn.state.pending_order_number
    return order_get_for_user(user=turn.user, number=number) if number else None


def resolve_order(turn: Turn, user: User) -> tuple[Order | None, str]:
    """The order the customer means: a number they typed, or a position in the list shown.

    Returns the order (None unless it is ``user``'s own) and the number the customer gave.
    """
    decision = turn.decision
    number = decision.entities.order_number or decision.state.pending_order_number
    index = decision.entities.order_index
    if index is None:
        index = decision.state.pending_order_index
    if number:
        return order_get_for_user(user=user, number=number), number
    if index is not None:
        recent = recent_orders(user)
        if 0 <= index < len(recent):
            return recent[index], recent[index].number
    return None, ""


def not_found(turn: Turn, user: User, number: str) -> Outcome:
    """The one answer for an order that does not exist and for another customer's order."""
    recent = recent_orders(user)
    text = _("I can't find order %(number)s on your account.") % {"number": number or "?"}
    if recent:
        text += " " + _("These are your recent orders:")
    return Outcome(
        text=text,
        state=replace(
            turn.state, awaiting=None, pending_order_number=None, pending_order_index=None
        ),
        suggestions=[order.number for order in recent],
    )


def own_order_or_not_found(turn: Turn, user: User) -> Order | Outcome:
    """The customer's own order the turn is about, or the "can't find it" reply."""
    order, number = resolve_order(turn, user)
    return not_found(turn, user, number) if order is None else order


def with_own_order(handler: OrderHandler) -> CustomerHandler:
    """Run ``handler`` on the customer's own order; without one, say it was not found."""

    @wraps(handler)
    def run(turn: Turn, user: User) -> Outcome:
        order = own_order_or_not_found(turn, user)
        return order if isinstance(order, Outcome) else handler(turn, user, order)

    return run


# --- Handlers -----------------------------------------------------------------------------------


def ask_which_order(turn: Turn, user: User) -> Outcome:
    """List the customer's recent orders and ask which one they mean; with only one order
    they could mean, act on it at once."""
    only = the_only_order(user)
    if only is not None:
        return _act_on(turn, user, only)
    recent = recent_orders(user)
    if not recent:
        return Outcome(
            text=_("You have no orders with us yet."),
            state=replace(turn.state, awaiting=None, pending_intent=None),
        )
    lines = [
        f"{o.number} ({date_format(o.created_at, 'DATE_FORMAT')}, {o.get_status_display()})"
        for o in recent
    ]
    return Outcome(
        text=_("Which order do you mean?") + " " + "; ".join(lines),
        state=turn.state,
        suggestions=[o.number for o in recent],
    )


def _act_on(turn: Turn, user: User, order: Order) -> Outcome:
    """Carry out the pending request on ``order``, as if the customer had named it."""
    intent = turn.state.pending_intent or Intent.ORDER_STATUS
    awaiting = Awaiting.CONFIRM_CANCEL if intent is Intent.CANCEL_ORDER else None
    state = replace(
        turn.state,
        awaiting=awaiting,
        pending_intent=intent if awaiting else None,
        pending_order_number=order.number,
        pending_order_index=None,
    )
    named = Turn(
        decision=replace(turn.decision, state=state),
        user=user,
        conversation=turn.conversation,
        text=turn.text,
    )
    if intent is Intent.CANCEL_ORDER:
        return confirm_cancel(named, user, order)
    if intent is Intent.CHANGE_ORDER:
        return request_change(named, user)
    return show_order_status(named, user, order)


def show_order_status(turn: Turn, user: User, order: Order) -> Outcome:
    """The order's status, dates and tracking number."""
    return Outcome(
        text=order_summary(order),
        state=turn.state.resolve_order(order.number),
        order_number=order.number,
        order=order,
    )


def confirm_cancel(turn: Turn, user: User, order: Order) -> Outcome:
    """Ask "cancel it?" if the order can still be cancelled, else point to returns."""
    if not order.can_cancel:
        return Outcome(
            text=_(
                "Order %(number)s is %(status)s and can no longer be cancelled. "
                "You can return it once it arrives."
            )
            % {"number": order.number, "status": order.get_status_display().lower()},
            state=replace(turn.state, awaiting=None, pending_intent=None),
            suggestions=[_("Returns and refunds")],
        )
    return Outcome(
        text=_("Do you want me to cancel order %(number)s (%(total)s %(currency)s)?")
        % {"number": order.number, "total": order.total, "currency": order.currency},
        state=turn.state.resolve_order(order.number),
        order_number=order.number,
        order=order,
    )


def cancel_order(turn: Turn, user: User, order: Order) -> Outcome:
    """The customer said yes: cancel through the orders service (which refunds)."""
    try:
        order_cancel_by_customer(user=user, order=order)
    except OrderTransitionError as error:
        return Outcome(text=error.message, state=turn.state)
    return Outcome(
        text=_("Order %(number)s is cancelled. Your money will be refunded to your card.")
        % {"number": order.number},
        state=turn.state,
        order_number=order.number,
    )


def keep_order(turn: Turn) -> Outcome:
    """The customer said no to cancelling."""
    return Outcome(text=_("No problem, your order stays as it is."), state=turn.state)


def request_change(turn: Turn, user: User) -> Outcome:
    """Changes are made by staff: open a ticket naming the order the customer gave."""
    order, number = resolve_order(turn, user)
    ticket_open(
        conversation=turn.conversation,
        user=user,
        reason="change_request",
        tone=turn.decision.tone,
        order_number=order.number if order else number,
        order=order,
    )
    return Outcome(
        text=_(
            "I can't change orders myself, so I've passed your request to our team. "
            "They will reply here and by email."
        ),
        state=turn.state,
    )
