"""Orders' writes, one module per concern; import them from here.

* ``cart``: the cart's lines, and merging a visitor's cart at sign-in;
* ``checkout``: the cart becomes an order (the money path);
* ``payments``: capture, void, refund and reconciliation after the commit;
* ``lifecycle``: cancelling, shipping, delivering, refunding;
* ``emails``: what the customer is sent;
* ``guests``: a guest's orders joining the account that verified their e-mail address.
"""

from ..hooks import ShippingAddress
from ..models import PAID_STATUSES
from .cart import cart_add, cart_merge, cart_remove, cart_set_quantity
from .checkout import (
    checkout_fingerprint,
    order_for_idempotency_key,
    order_place,
    order_place_once,
)
from .emails import order_confirmation_send
from .guests import guest_orders_attach
from .lifecycle import (
    ALLOWED_TRANSITIONS,
    order_cancel_by_customer,
    order_transition,
)
from .order_rows import ORDER_NUMBER_ALPHABET
from .payments import order_payment_capture, order_payment_settle, order_payments_reconcile

__all__ = [
    "ALLOWED_TRANSITIONS",
    "ORDER_NUMBER_ALPHABET",
    "PAID_STATUSES",
    "ShippingAddress",
    "cart_add",
    "cart_merge",
    "cart_remove",
    "cart_set_quantity",
    "checkout_fingerprint",
    "guest_orders_attach",
    "order_cancel_by_customer",
    "order_confirmation_send",
    "order_for_idempotency_key",
    "order_payment_capture",
    "order_payment_settle",
    "order_payments_reconcile",
    "order_place",
    "order_place_once",
    "order_transition",
]
