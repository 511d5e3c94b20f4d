"""Cart, checkout and order pages. Views read input, call services and render."""

from .cart import cart_add_view, cart_detail, cart_remove_view, cart_update_view, country_set
from .checkout import (
    checkout_address,
    checkout_confirmation,
    checkout_payment,
    checkout_review,
    checkout_shipping,
)
from .orders import order_cancel, order_detail, order_list, order_lookup

__all__ = [
    "cart_add_view",
    "cart_detail",
    "cart_remove_view",
    "cart_update_view",
    "checkout_address",
    "checkout_confirmation",
    "checkout_payment",
    "checkout_review",
    "checkout_shipping",
    "country_set",
    "order_cancel",
    "order_detail",
    "order_list",
    "order_lookup",
]
