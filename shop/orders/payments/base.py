"""The payment interface the shop codes against.

Modelled on how card gateways work: the card becomes a token (in production the gateway's
JavaScript does this in the browser, so card numbers never touch the shop), checkout authorises
the amount on the token before it takes any stock lock, the shop captures the authorisation
once the order is committed, voids an authorisation it will not capture, and refunds what it
captured. A real gateway is one more class with these methods (see the README).

A gateway refuses what a real one refuses: capturing twice, voiding a captured payment,
refunding more than was captured. Those are ``PaymentStateError``: a bug in the caller, never
something to show a customer.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from shop.core.errors import ServiceUnavailableError, ShopError


class PaymentError(ShopError):
    """Base class of what a customer can be told about a payment."""

    status = 402
    code = "payment_failed"


class PaymentDeclined(PaymentError):
    """The card issuer said no. The customer can try another card."""

    code = "payment_declined"


class PaymentGatewayError(PaymentError):
    """The gateway failed or did not answer. Nothing was charged; try again later."""

    status = ServiceUnavailableError.status
    code = "payment_unavailable"


class PaymentStateError(Exception):
    """The gateway refused an operation the payment's state does not allow (voiding a
    captured payment, refunding twice...): a programming error, never shown to customers."""


class IdempotencyConflict(Exception):
    """The gateway saw this idempotency key before with other parameters."""


@dataclass(frozen=True)
class CardDetails:
    number: str
    expiry_month: int
    expiry_year: int
    cvc: str
    holder: str


@dataclass(frozen=True)
class PaymentMethod:
    """A tokenised card: all the shop keeps between checkout steps. ``fingerprint`` is the
    gateway's stable id of the card number (the same card gives the same fingerprint, while
    tokens differ per tokenisation), used to recognise a repeated checkout request."""

    token: str
    label: str  # e.g. "Visa •••• 4242"
    fingerprint: str


@dataclass(frozen=True)
class GatewayPayment:
    """A payment as the gateway knows it (its "retrieve" call): what reconciliation trusts
    when the shop's own record was left half-way by a crash."""

    reference: str
    status: str  # "authorised", "captured", "voided" or "refunded"
    currency: str
    authorised: Decimal
    captured: Decimal
    refunded: Decimal
    refunds: tuple[Decimal, ...] = ()


class PaymentBackend(Protocol):
    name: str

    def tokenise(self, card: CardDetails) -> PaymentMethod: ...

    def authorise(self, *, token: str, amount: Decimal, currency: str, idempotency_key: str) -> str:
        """Reserve ``amount`` on the card; returns the authorisation reference. The same
        ``idempotency_key`` with the same parameters returns the same reference."""
        ...

    def capture(self, *, reference: str, amount: Decimal) -> str:
        """Take the authorised money (at most the authorised amount); returns its reference."""
        ...

    def void(self, *, reference: str) -> None:
        """Release an authorisation that was not captured."""
        ...

    def refund(self, *, reference: str, amount: Decimal) -> str:
        """Give back up to what was captured and not yet refunded; returns its reference."""
        ...

    def lookup(self, *, reference: str) -> GatewayPayment:
        """The payment behind any of its references."""
        ...
