"""A gateway in test mode, behaving like a real gateway's sandbox.

Card numbers (any future expiry, any 3-digit CVC):

* 4242 4242 4242 4242 succeeds;
* 4000 0000 0000 0002 is declined;
* 4000 0000 0000 0119 fails with a gateway (processing) error.

Any other number that passes the Luhn check is declined as an unknown test card, as sandboxes do.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from .base import CardDetails, PaymentDeclined, PaymentGatewayError, PaymentMethod

SUCCESS_CARD = "4242424242424242"
DECLINED_CARD = "4000000000000002"
GATEWAY_ERROR_CARD = "4000000000000119"
_OUTCOME_BY_CARD = {SUCCESS_CARD: "ok", DECLINED_CARD: "declined", GATEWAY_ERROR_CARD: "error"}


def luhn_valid(number: str) -> bool:
    if not number.isdigit() or not 12 <= len(number) <= 19:
        return False
    total = 0
    for index, char in enumerate(reversed(number)):
        digit = int(char)
        if index % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


class TestGateway:
    name = "test"

    def tokenise(self, card: CardDetails) -> PaymentMethod:
        number = card.number.replace(" ", "").replace("-", "")
        if not luhn_valid(number):
            raise PaymentDeclined(_("The card number is not valid."))
        now = timezone.localdate()
        if (card.expiry_year, card.expiry_month) < (now.year, now.month):
            raise PaymentDeclined(_("The card has expired."))
        outcome = _OUTCOME_BY_CARD.get(number, "declined")
        return PaymentMethod(token=f"tok_{outcome}_{number[-4:]}", label=f"Card •••• {number[-4:]}")

    def authorise(self, *, token: str, amount: Decimal, currency: str, idempotency_key: str) -> str:
        if token.startswith("tok_error_"):
            raise PaymentGatewayError(
                _("The payment service is not answering. You were not charged; please try again.")
            )
        if not token.startswith("tok_ok_"):
            raise PaymentDeclined(_("Your card was declined. Please use another card."))
        digest = hashlib.sha256(f"{idempotency_key}:{amount}:{currency}".encode()).hexdigest()
        return f"auth_{digest[:24]}"

    def capture(self, *, reference: str, amount: Decimal) -> str:
        return reference.replace("auth_", "cap_", 1)

    def void(self, *, reference: str) -> None:
        return None

    def refund(self, *, reference: str, amount: Decimal) -> str:
        return reference.replace("auth_", "ref_", 1).replace("cap_", "ref_", 1)
