"""Partial refunds per line: staff give back some units of a line, its discount prorated.

The money follows the payments module's rule (no gateway call inside the transaction that
decides it): the refund is decided and recorded in the order's transaction (the line's units
and amount refunded, a ``REFUND`` transaction whose reference says it is pending), then the
gateway is called after the commit and the reference updated. A gateway that fails leaves the
pending reference for staff (a later full refund gives back only what is left either way).
"""

from __future__ import annotations

import logging
import uuid
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from shop.accounts.models import User
from shop.catalogue.services import stock_release

from .. import pricing
from ..errors import OrderTransitionError
from ..models import PAID_STATUSES, Order, OrderLine, OrderStatus, PaymentStatus, PaymentTransaction
from ..payments import PaymentError, PaymentStateError, get_payment_backend
from .history import status_record

logger = logging.getLogger(__name__)

PENDING_PREFIX = "pending-refund:"


def order_line_refund(
    *, order: Order, line_id: int, quantity: int, by: User | None = None
) -> Decimal:
    """Refund ``quantity`` units of one line of a paid order; returns the amount given back.

    The amount is the line's share of what was paid for it (its discount prorated); units of
    an order that has not shipped go back into stock."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status not in PAID_STATUSES or order.payment_status != PaymentStatus.CAPTURED:
            raise OrderTransitionError(
                _("Only a paid order can be refunded line by line; order %(number)s is %(s)s.")
                % {"number": order.number, "s": OrderStatus(order.status).label}
            )
        line = OrderLine.objects.select_for_update().filter(order=order, pk=line_id).first()
        if line is None:
            raise OrderTransitionError(_("No such line in order %(n)s.") % {"n": order.number})
        left = line.quantity - line.refunded_quantity
        if quantity < 1 or quantity > left:
            raise OrderTransitionError(
                _("Choose between 1 and %(left)d units to refund.") % {"left": left}
            )
        amount = pricing.prorated_refund(
            line.line_total, line.quantity, already=line.refunded_quantity, units=quantity
        )
        line.refunded_quantity += quantity
        line.refunded_amount += amount
        line.save(update_fields=["refunded_quantity", "refunded_amount"])
        if order.status == OrderStatus.PAID and line.variant_id is not None:
            stock_release(quantities={line.variant_id: quantity})
        backend = get_payment_backend()
        refund = PaymentTransaction.objects.create(
            order=order,
            kind=PaymentTransaction.Kind.REFUND,
            amount=amount,
            reference=f"{PENDING_PREFIX}{uuid.uuid4().hex}",
            backend=backend.name,
        )
        status_record(
            order,
            order.status,
            order.status,
            by=by,
            note=f"refunded {quantity} x {line.sku}: {amount}",
        )
        reference, refund_id = order.payment_reference, refund.pk
        transaction.on_commit(
            lambda: _refund_at_gateway(refund_id, reference=reference, amount=amount)
        )
    return amount


def _refund_at_gateway(refund_id: int, *, reference: str, amount: Decimal) -> None:
    if amount <= 0:
        return
    try:
        gateway_reference = get_payment_backend().refund(reference=reference, amount=amount)
    except (PaymentError, PaymentStateError):
        logger.error("partial refund %s failed at the gateway; left pending for staff", refund_id)
        return
    PaymentTransaction.objects.filter(pk=refund_id).update(reference=gateway_reference)
