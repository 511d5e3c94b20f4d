"""The payment interface the shop codes against.

Modelled on how card gateways work: the card becomes a token (in production the gateway's
JavaScript does this in the browser, so card numbers never touch the shop), the checkout
authorises an amount on the token, the shop captures it once the order exists, and can refund or
void it later. A real gateway is one more class with these methods.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol


class PaymentError(Exception):
    """Base class; ``message`` is safe to show to the customer."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PaymentDeclined(PaymentError):
    """The card issuer said no. The customer can try another card."""


class PaymentGatewayError(PaymentError):
    """The gateway failed or did not answer. Nothing was charged; try again later."""


@dataclass(frozen=True)
class CardDetails:
    number: str
    expiry_month: int
    expiry_year: int
    cvc: str
    holder: str


@dataclass(frozen=True)
class PaymentMethod:
    """A tokenised card: all the shop keeps between checkout steps."""

    token: str
    label: str  # e.g. "Visa •••• 4242"


class PaymentBackend(Protocol):
    name: str

    def tokenise(self, card: CardDetails) -> PaymentMethod: ...

    def authorise(self, *, token: str, amount: Decimal, currency: str, idempotency_key: str) -> str:
        """Reserve ``amount`` on the card; returns the authorisation reference."""
        ...

    def capture(self, *, reference: str, amount: Decimal) -> str: ...

    def void(self, *, reference: str) -> None: ...

    def refund(self, *, reference: str, amount: Decimal) -> str: ...
