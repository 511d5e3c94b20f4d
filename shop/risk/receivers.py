"""How order risk takes part in checkout and the lifecycle, registered from ``ready()``.

Orders does not import risk: risk scores every checkout through orders' assessor hook, holds
high-risk orders through a transition guard (a held order's money is not captured and it cannot
ship until staff approve it), and learns of declined cards from orders' ``PaymentFailed``.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from shop.core import events, outbox
from shop.orders.events import PaymentFailed
from shop.orders.hooks import (
    CheckoutDraft,
    register_checkout_assessor,
    register_transition_guard,
)
from shop.orders.models import Order, OrderStatus

from .selectors import order_hold_get
from .services import (
    STAFF_DIGEST,
    RiskVerdict,
    checkout_risk_score,
    order_risk_record,
    payment_failure_record,
    staff_digest_deliver,
)


class RiskAssessor:
    def assess(self, draft: CheckoutDraft) -> RiskVerdict:
        return checkout_risk_score(draft=draft)

    def record(self, *, order_id: int, verdict: object) -> None:
        order_risk_record(
            order_id=order_id, verdict=verdict if isinstance(verdict, RiskVerdict) else None
        )


def held_for_review(order: Order) -> str:
    hold = order_hold_get(order_id=order.pk)
    if hold is None:
        return ""
    return _(
        "Order %(number)s is held for risk review (%(why)s) and cannot be paid or shipped until "
        "staff approve it under Order risk > Orders held for review."
    ) % {"number": order.number, "why": "; ".join(hold.reasons[:2]) or hold.score}


def record_payment_failure(event: PaymentFailed) -> None:
    payment_failure_record(user_id=event.user_id, amount=event.amount, kind=event.kind)


def connect() -> None:
    register_checkout_assessor(RiskAssessor(), uid="risk")
    for status in (OrderStatus.PAID, OrderStatus.SHIPPED):
        register_transition_guard(status, held_for_review, uid="risk.held")
    events.subscribe(PaymentFailed, record_payment_failure, uid="risk.payment_failures")
    outbox.register_handler(STAFF_DIGEST, staff_digest_deliver)
