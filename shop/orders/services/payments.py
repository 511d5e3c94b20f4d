"""An order's money after its transaction commits: capture, void, refund, and reconciliation.

Gateway calls never run inside a database transaction that holds locks, and never inside the
transaction whose outcome decides them: the decision is committed first (``payment_status``
says what is owed: a capture, a void, a refund), then the gateway is called, then the result is
recorded. If the process dies in between, ``order_payments_reconcile`` (a periodic task) finds
the order by its ``payment_status`` and finishes the job, asking the gateway what really
happened where the shop's record was left half-way.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db import DatabaseError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from shop.accounts.models import User
from shop.catalogue.services import stock_release
from shop.core import events

from ..errors import OrderNotSavedError
from ..events import OrderCancelled, OrderPaid
from ..hooks import transition_refusal
from ..models import Order, OrderStatus, PaymentStatus, PaymentTransaction
from ..payments import (
    PaymentBackend,
    PaymentError,
    PaymentGatewayError,
    PaymentStateError,
    get_payment_backend,
)
from .emails import order_confirmation_queue
from .history import status_record

logger = logging.getLogger(__name__)

# A capture, void or refund still marked in flight after this long lost its process.
IN_FLIGHT_STALE_AFTER = timedelta(minutes=5)
# Card authorisations lapse after about a week; an order not captured by then is cancelled.
AUTHORISATION_VALID_FOR = timedelta(days=7)


def payment_void_quietly(*, backend: PaymentBackend, reference: str) -> None:
    """Release an authorisation nobody will capture; a failure is logged (it lapses anyway)."""
    try:
        backend.void(reference=reference)
    except (PaymentError, PaymentStateError):
        logger.exception("could not void authorisation %s", reference)


def _order_lines(order: Order) -> tuple[tuple[int | None, int], ...]:
    return tuple(order.lines.values_list("product_id", "quantity"))


def _set_payment_status(order_id: int, *, expected: str, to: str) -> bool:
    """Move the payment from ``expected`` to ``to``; False if someone else moved it first."""
    return (
        Order.objects.filter(pk=order_id, payment_status=expected).update(
            payment_status=to, payment_updated_at=timezone.now()
        )
        == 1
    )


# --- Capture ---------------------------------------------------------------------------------


def order_payment_capture(*, order_id: int, by: User | None = None) -> Order:
    """Take the money of a pending, authorised order, unless a guard holds it (risk review).

    Returns the order as it then is: paid, still pending (held, or the gateway did not answer:
    reconciliation retries), or cancelled with its stock released when the bank refused the
    capture, in which case the ``PaymentError`` is raised for the customer.
    """
    order = Order.objects.get(pk=order_id)
    if order.status != OrderStatus.PENDING or order.payment_status != PaymentStatus.AUTHORISED:
        return order
    if transition_refusal(order, OrderStatus.PAID):
        return order  # held: captured when released
    if not _set_payment_status(
        order_id, expected=PaymentStatus.AUTHORISED, to=PaymentStatus.CAPTURING
    ):
        return Order.objects.get(pk=order_id)  # another process is capturing it
    backend = get_payment_backend()
    try:
        captured = backend.capture(reference=order.payment_reference, amount=order.total)
    except PaymentGatewayError:
        # Unknown whether the money moved: reconciliation asks the gateway later.
        logger.warning("capture of order %s got no answer; reconciliation will settle it", order_id)
        return Order.objects.get(pk=order_id)
    except PaymentError:
        _cancel_after_refused_capture(order, backend)
        raise
    try:
        _record_capture(order_id, reference=captured, backend_name=backend.name, by=by)
    except DatabaseError as error:
        logger.error("order %s captured but not recorded (%s)", order_id, type(error).__name__)
        _refund_unrecorded_capture(order, reference=captured, backend=backend)
        raise OrderNotSavedError(
            _(
                "We could not confirm your order just now, so the payment was refunded in full. "
                "Please try again."
            )
        ) from error
    return Order.objects.get(pk=order_id)


def _record_capture(order_id: int, *, reference: str, backend_name: str, by: User | None) -> None:
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        now = timezone.now()
        order.status = OrderStatus.PAID
        order.paid_at = now
        order.payment_status = PaymentStatus.CAPTURED
        order.payment_updated_at = now
        order.save(update_fields=["status", "paid_at", "payment_status", "payment_updated_at"])
        PaymentTransaction.objects.create(
            order=order,
            kind=PaymentTransaction.Kind.CAPTURE,
            amount=order.total,
            reference=reference,
            backend=backend_name,
        )
        status_record(order, OrderStatus.PENDING, OrderStatus.PAID, by=by)
        # Written with the payment, so the e-mail goes out exactly when the order is paid, even
        # if the queue is down now (the outbox delivers it when it is back).
        order_confirmation_queue(order_id=order.pk)
        events.publish(
            OrderPaid(order_id=order.pk, user_id=order.user_id, lines=_order_lines(order))
        )


def _cancel(order_id: int, *, payment_status: str, note: str) -> None:
    """Cancel a pending order whose money will not be taken, and release its stock."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        if order.status != OrderStatus.PENDING:
            return
        now = timezone.now()
        order.status = OrderStatus.CANCELLED
        order.cancelled_at = now
        order.payment_status = payment_status
        order.payment_updated_at = now
        order.save(update_fields=["status", "cancelled_at", "payment_status", "payment_updated_at"])
        lines = _order_lines(order)
        stock_release(quantities=order.stock_lines())
        status_record(order, OrderStatus.PENDING, OrderStatus.CANCELLED, note=note)
        events.publish(OrderCancelled(order_id=order.pk, restocked=lines))


def _cancel_after_refused_capture(order: Order, backend: PaymentBackend) -> None:
    payment_void_quietly(backend=backend, reference=order.payment_reference)
    _cancel(
        order.pk, payment_status=PaymentStatus.CAPTURE_FAILED, note="payment refused at capture"
    )


def _refund_unrecorded_capture(order: Order, *, reference: str, backend: PaymentBackend) -> None:
    """The money was taken but the shop could not record it: give it back, never void."""
    try:
        refund = backend.refund(reference=reference, amount=order.total)
    except (PaymentError, PaymentStateError):
        logger.exception("refund of unrecorded capture %s failed; reconciliation retries", order.pk)
        return
    try:
        with transaction.atomic():
            PaymentTransaction.objects.bulk_create(
                [
                    PaymentTransaction(
                        order=order,
                        kind=kind,
                        amount=order.total,
                        reference=ref,
                        backend=backend.name,
                    )
                    for kind, ref in (
                        (PaymentTransaction.Kind.CAPTURE, reference),
                        (PaymentTransaction.Kind.REFUND, refund),
                    )
                ]
            )
            _cancel(order.pk, payment_status=PaymentStatus.REFUNDED, note="refunded: not recorded")
    except DatabaseError:
        logger.exception("order %s refunded but not recorded; reconciliation will", order.pk)


# --- Void and refund -------------------------------------------------------------------------


def _captured_left(order: Order) -> Decimal:
    sums = {
        row["kind"]: row["total"]
        for row in order.payments.values("kind").annotate(total=Sum("amount"))
    }
    captured = sums.get(PaymentTransaction.Kind.CAPTURE) or Decimal("0")
    refunded = sums.get(PaymentTransaction.Kind.REFUND) or Decimal("0")
    return captured - refunded


def order_payment_settle(*, order_id: int) -> Order:
    """Carry out the void or refund a cancellation decided (``void_pending``/``refund_pending``).

    Idempotent; a gateway that does not answer leaves it pending for reconciliation.
    """
    order = Order.objects.get(pk=order_id)
    backend = get_payment_backend()
    if order.payment_status == PaymentStatus.VOID_PENDING:
        try:
            backend.void(reference=order.payment_reference)
        except PaymentError:
            logger.warning("void of order %s failed; reconciliation retries", order_id)
            return order
        except PaymentStateError:
            return _settle_from_gateway(order, backend)
        with transaction.atomic():
            if _set_payment_status(
                order_id, expected=PaymentStatus.VOID_PENDING, to=PaymentStatus.VOIDED
            ):
                PaymentTransaction.objects.create(
                    order=order,
                    kind=PaymentTransaction.Kind.VOID,
                    amount=order.total,
                    reference=order.payment_reference,
                    backend=backend.name,
                )
    elif order.payment_status == PaymentStatus.REFUND_PENDING:
        amount = _captured_left(order)
        if amount <= 0:
            _set_payment_status(
                order_id, expected=PaymentStatus.REFUND_PENDING, to=PaymentStatus.REFUNDED
            )
            return Order.objects.get(pk=order_id)
        try:
            reference = backend.refund(reference=order.payment_reference, amount=amount)
        except PaymentError:
            logger.warning("refund of order %s failed; reconciliation retries", order_id)
            return order
        except PaymentStateError:
            return _settle_from_gateway(order, backend)
        with transaction.atomic():
            if _set_payment_status(
                order_id, expected=PaymentStatus.REFUND_PENDING, to=PaymentStatus.REFUNDED
            ):
                PaymentTransaction.objects.create(
                    order=order,
                    kind=PaymentTransaction.Kind.REFUND,
                    amount=amount,
                    reference=reference,
                    backend=backend.name,
                )
    return Order.objects.get(pk=order_id)


def _settle_from_gateway(order: Order, backend: PaymentBackend) -> Order:
    """The gateway refused a void or refund as already done: record what it says happened."""
    state = backend.lookup(reference=order.payment_reference)
    target = {"voided": PaymentStatus.VOIDED, "refunded": PaymentStatus.REFUNDED}.get(state.status)
    if target is None:
        logger.error("order %s: gateway says %s; left for staff", order.pk, state.status)
        return order
    _set_payment_status(order.pk, expected=order.payment_status, to=target)
    return Order.objects.get(pk=order.pk)


# --- Reconciliation --------------------------------------------------------------------------


@dataclass(frozen=True)
class ReconcileReport:
    captured: int = 0
    still_held: int = 0
    cancelled: int = 0
    settled: int = 0
    recovered: int = 0


def order_payments_reconcile() -> ReconcileReport:
    """Finish what a crash or a silent gateway left: committed orders neither captured nor
    held get captured (or cancelled once their authorisation lapsed), captures left in flight
    are settled from the gateway's own record, pending voids and refunds are carried out."""
    now = timezone.now()
    captured = held = cancelled = settled = recovered = 0
    due = Order.objects.filter(
        status=OrderStatus.PENDING,
        payment_status=PaymentStatus.AUTHORISED,
        created_at__lt=now - IN_FLIGHT_STALE_AFTER,
    ).values_list("pk", "created_at")
    for order_id, created_at in due:
        if created_at < now - AUTHORISATION_VALID_FOR:
            order = Order.objects.get(pk=order_id)
            payment_void_quietly(backend=get_payment_backend(), reference=order.payment_reference)
            _cancel(order_id, payment_status=PaymentStatus.VOIDED, note="authorisation lapsed")
            cancelled += 1
            continue
        try:
            order = order_payment_capture(order_id=order_id)
        except (PaymentError, OrderNotSavedError):
            cancelled += 1
            continue
        if order.status == OrderStatus.PAID:
            captured += 1
        else:
            held += 1
    stale = Order.objects.filter(
        payment_status=PaymentStatus.CAPTURING, payment_updated_at__lt=now - IN_FLIGHT_STALE_AFTER
    ).values_list("pk", flat=True)
    for order_id in stale:
        recovered += _recover_capture(Order.objects.get(pk=order_id))
    pending = Order.objects.filter(
        payment_status__in=(PaymentStatus.VOID_PENDING, PaymentStatus.REFUND_PENDING)
    ).values_list("pk", flat=True)
    for order_id in pending:
        if order_payment_settle(order_id=order_id).payment_status in (
            PaymentStatus.VOIDED,
            PaymentStatus.REFUNDED,
        ):
            settled += 1
    return ReconcileReport(captured, held, cancelled, settled, recovered)


def _recover_capture(order: Order) -> int:
    """A capture was started and never recorded: the gateway says whether money moved."""
    backend = get_payment_backend()
    state = backend.lookup(reference=order.payment_reference)
    if state.status == "captured" and order.status == OrderStatus.PENDING:
        _record_capture(order.pk, reference=state.reference, backend_name=backend.name, by=None)
    elif state.status == "authorised":
        _set_payment_status(order.pk, expected=PaymentStatus.CAPTURING, to=PaymentStatus.AUTHORISED)
    elif state.status == "refunded":
        _cancel(order.pk, payment_status=PaymentStatus.REFUNDED, note="refunded: not recorded")
    elif state.status == "voided":
        _cancel(order.pk, payment_status=PaymentStatus.VOIDED, note="voided: not recorded")
    else:
        return 0
    return 1
