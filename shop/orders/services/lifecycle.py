"""The order lifecycle: the one place its rules are enforced (pages, admin, API, assistant).

Paying is not a transition anyone can ask for: an order becomes paid only when its money is
captured (``payments.order_payment_capture``). Cancelling and refunding decide in the order's
transaction what the gateway owes (a void of an uncaptured authorisation, a refund of captured
money) and the gateway is called once that commits (``payments.order_payment_settle``); a
stock release happens in the same transaction as the decision.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shop.accounts.models import User
from shop.catalogue.services import stock_release
from shop.core import events

from ..errors import OrderTransitionError
from ..events import OrderCancelled, OrderRefunded, OrderShipped
from ..hooks import transition_refusal
from ..models import Order, OrderStatus, PaymentStatus
from .emails import KIND_FOR_STATUS, order_email_queue
from .history import status_record
from .payments import order_payment_settle

ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    OrderStatus.PENDING: {OrderStatus.CANCELLED},
    OrderStatus.PAID: {OrderStatus.SHIPPED, OrderStatus.CANCELLED, OrderStatus.REFUNDED},
    OrderStatus.SHIPPED: {OrderStatus.DELIVERED, OrderStatus.REFUNDED},
    OrderStatus.DELIVERED: {OrderStatus.REFUNDED},
}
_TIMESTAMP_FIELD: dict[str, str] = {
    OrderStatus.SHIPPED: "shipped_at",
    OrderStatus.DELIVERED: "delivered_at",
    OrderStatus.CANCELLED: "cancelled_at",
    OrderStatus.REFUNDED: "refunded_at",
}
# What the gateway is owed when an order is cancelled or refunded, by its payment's state.
_MONEY_BACK: dict[str, str] = {
    PaymentStatus.AUTHORISED: PaymentStatus.VOID_PENDING,
    PaymentStatus.CAPTURED: PaymentStatus.REFUND_PENDING,
}


@transaction.atomic
def order_transition(
    *,
    order: Order,
    to_status: str,
    by: User | None = None,
    note: str = "",
    carrier: str = "",
    tracking_number: str = "",
) -> Order:
    """Move an order along its lifecycle, and tell the customer (an e-mail through the outbox,
    written in this transaction).

    Cancelling returns the stock and the money; refunding returns the money, and the stock if
    the parcel never left. Shipping records the carrier and tracking number, if given.
    """
    order = Order.objects.select_for_update().get(pk=order.pk)
    current = order.status
    # A guard's reason first: "held for review" says more than "pending cannot ship".
    refusal = transition_refusal(order, to_status)
    if refusal:
        raise OrderTransitionError(refusal)
    if to_status not in ALLOWED_TRANSITIONS.get(current, set()):
        raise OrderTransitionError(
            _("Order %(number)s is %(current)s and cannot become %(target)s.")
            % {
                "number": order.number,
                "current": OrderStatus(current).label,
                "target": OrderStatus(to_status).label,
            }
        )
    fields = ["status", _TIMESTAMP_FIELD[to_status]]
    restocked: tuple[tuple[int | None, int], ...] = ()
    if to_status in (OrderStatus.CANCELLED, OrderStatus.REFUNDED):
        if order.payment_status == PaymentStatus.CAPTURING:
            raise OrderTransitionError(
                _("The payment of order %(number)s is being taken right now; try again shortly.")
                % {"number": order.number}
            )
        owed = _MONEY_BACK.get(order.payment_status)
        if owed is not None:
            order.payment_status = owed
            order.payment_updated_at = timezone.now()
            fields += ["payment_status", "payment_updated_at"]
            order_id = order.pk
            transaction.on_commit(lambda: order_payment_settle(order_id=order_id), robust=True)
        if current in (OrderStatus.PENDING, OrderStatus.PAID):
            restocked = tuple(order.lines.values_list("product_id", "quantity"))
            stock_release(quantities=order.stock_lines())
    order.status = to_status
    setattr(order, _TIMESTAMP_FIELD[to_status], timezone.now())
    if to_status == OrderStatus.SHIPPED and (carrier or tracking_number):
        order.carrier, order.tracking_number = carrier, tracking_number.strip()
        fields += ["carrier", "tracking_number"]
    order.save(update_fields=fields)
    status_record(order, current, to_status, by=by, note=note)
    order_email_queue(order_id=order.pk, kind=KIND_FOR_STATUS[to_status])
    if to_status == OrderStatus.SHIPPED:
        events.publish(OrderShipped(order_id=order.pk, tracking_number=order.tracking_number))
    elif to_status == OrderStatus.CANCELLED:
        events.publish(OrderCancelled(order_id=order.pk, restocked=restocked))
    elif to_status == OrderStatus.REFUNDED:
        events.publish(OrderRefunded(order_id=order.pk, amount=order.total, restocked=restocked))
    return order


def order_cancel_by_customer(*, user: User, order: Order) -> Order:
    """A customer cancels their own order, which is allowed until it ships."""
    if order.user_id != user.pk:
        raise OrderTransitionError(_("No such order."))
    if not order.can_cancel:
        raise OrderTransitionError(
            _("Order %(number)s has already shipped and can no longer be cancelled.")
            % {"number": order.number}
        )
    return order_transition(
        order=order, to_status=OrderStatus.CANCELLED, by=user, note="cancelled by customer"
    )
