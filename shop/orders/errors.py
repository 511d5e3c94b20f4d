"""Orders' refusals (see ``shop.core.errors``: each carries its HTTP status and code).

Stock refusals come from the catalogue (``OutOfStockError``), payment refusals from the
gateway interface (``PaymentError``); checkout lets both through unchanged.
"""

from __future__ import annotations

from shop.core.errors import ConflictError, ServiceUnavailableError, ShopError, UnprocessableError


class CartError(ShopError):
    pass


class CheckoutError(ConflictError):
    """The cart cannot be checked out as it is (empty, prices changed): a 409."""


class OrderNotSavedError(ServiceUnavailableError):
    """The database refused the order's write; nothing was charged and nothing changed (or,
    if it failed after the money was taken, the money was given back)."""


class OrderTransitionError(ConflictError):
    pass


class IdempotencyKeyReusedError(UnprocessableError):
    """The ``Idempotency-Key`` placed an order from a different request."""

    code = "idempotency_key_reused"
