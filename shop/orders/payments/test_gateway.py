"""A gateway in test mode, behaving like a real gateway's sandbox, states included.

Card numbers (any future expiry, any 3-digit CVC):

* 4242 4242 4242 4242 succeeds;
* 4000 0000 0000 0002 is declined;
* 4000 0000 0000 0119 fails with a gateway (processing) error;
* 4000 0000 0000 0341 authorises, then is declined when the money is captured.

Any other number that passes the Luhn check is declined as an unknown test card, as sandboxes do.

Like a real gateway it keeps each payment's state outside the shop's database, in a ledger of
its own (a SQLite file, ``PAYMENT_TEST_GATEWAY_LEDGER``), so a rolled-back order transaction
does not roll back a capture, and several processes (web workers, Celery) see one ledger. A
payment is authorised, then captured or voided; what was captured can be refunded, in parts, up
to the captured amount. Whatever a real gateway would refuse raises ``PaymentStateError``:
capturing twice or more than authorised, voiding a captured payment, refunding twice. The same
idempotency key with the same amount and currency returns the same authorisation; with others it
raises ``IdempotencyConflict``.

Production refuses this gateway (a deploy check) unless ``PAYMENT_ALLOW_TEST_GATEWAY=true``.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .base import (
    CardDetails,
    GatewayPayment,
    IdempotencyConflict,
    PaymentDeclined,
    PaymentGatewayError,
    PaymentMethod,
    PaymentStateError,
)

SUCCESS_CARD = "4242424242424242"
DECLINED_CARD = "4000000000000002"
GATEWAY_ERROR_CARD = "4000000000000119"
CAPTURE_DECLINED_CARD = "4000000000000341"
_OUTCOME_BY_CARD = {
    SUCCESS_CARD: "ok",
    DECLINED_CARD: "declined",
    GATEWAY_ERROR_CARD: "error",
    CAPTURE_DECLINED_CARD: "capfail",
}

AUTHORISED, CAPTURED, VOIDED, REFUNDED = "authorised", "captured", "voided", "refunded"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS payments (
    reference TEXT PRIMARY KEY,
    idempotency_key TEXT UNIQUE NOT NULL,
    outcome TEXT NOT NULL,
    currency TEXT NOT NULL,
    authorised TEXT NOT NULL,
    captured TEXT NOT NULL DEFAULT '0.00',
    refunded TEXT NOT NULL DEFAULT '0.00',
    status TEXT NOT NULL,
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS refunds (
    reference TEXT PRIMARY KEY,
    payment TEXT NOT NULL REFERENCES payments(reference),
    amount TEXT NOT NULL,
    created REAL NOT NULL
);
"""


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


def _authorisation(reference: str) -> str:
    """Capture and refund references name their payment: ``cap_x`` and ``auth_x`` are one."""
    for prefix in ("cap_", "auth_"):
        if reference.startswith(prefix):
            return "auth_" + reference[len(prefix) :]
    return reference


class TestGateway:
    name = "test"

    # --- the ledger ----------------------------------------------------------------------

    @contextmanager
    def _ledger(self) -> Iterator[sqlite3.Connection]:
        """One serialised transaction on the ledger (BEGIN IMMEDIATE: one writer at a time)."""
        path = Path(settings.PAYMENT_TEST_GATEWAY_LEDGER)
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, timeout=30, isolation_level=None)
        try:
            connection.executescript(_SCHEMA)
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
        finally:
            connection.close()

    def _row(self, db: sqlite3.Connection, reference: str) -> tuple[str, ...]:
        row = db.execute(
            "SELECT status, outcome, authorised, captured, refunded, reference FROM payments "
            "WHERE reference = ?",
            (_authorisation(reference),),
        ).fetchone()
        if row is None:
            raise PaymentStateError(f"no such payment: {reference}")
        return tuple(row)

    def lookup(self, *, reference: str) -> GatewayPayment:
        """The payment behind any of its references."""
        with self._ledger() as db:
            row = db.execute(
                "SELECT reference, status, currency, authorised, captured, refunded FROM payments "
                "WHERE reference = ?",
                (_authorisation(reference),),
            ).fetchone()
            if row is None:
                raise PaymentStateError(f"no such payment: {reference}")
            refunds = db.execute(
                "SELECT amount FROM refunds WHERE payment = ? ORDER BY created", (row[0],)
            ).fetchall()
        return GatewayPayment(
            reference=row[0],
            status=row[1],
            currency=row[2],
            authorised=Decimal(row[3]),
            captured=Decimal(row[4]),
            refunded=Decimal(row[5]),
            refunds=tuple(Decimal(amount) for (amount,) in refunds),
        )

    # --- the gateway's API ----------------------------------------------------------------

    def tokenise(self, card: CardDetails) -> PaymentMethod:
        number = card.number.replace(" ", "").replace("-", "")
        if not luhn_valid(number):
            raise PaymentDeclined(_("The card number is not valid."))
        now = timezone.localdate()
        if (card.expiry_year, card.expiry_month) < (now.year, now.month):
            raise PaymentDeclined(_("The card has expired."))
        outcome = _OUTCOME_BY_CARD.get(number, "declined")
        return PaymentMethod(
            token=f"tok_{outcome}_{number[-4:]}_{secrets.token_hex(6)}",
            label=f"Card •••• {number[-4:]}",
            fingerprint=hashlib.sha256(number.encode()).hexdigest()[:16],
        )

    def authorise(self, *, token: str, amount: Decimal, currency: str, idempotency_key: str) -> str:
        if token.startswith("tok_error_"):
            raise PaymentGatewayError(
                _("The payment service is not answering. You were not charged; please try again.")
            )
        outcome = token.split("_")[1] if token.count("_") >= 2 else ""
        if outcome not in ("ok", "capfail"):
            raise PaymentDeclined(_("Your card was declined. Please use another card."))
        with self._ledger() as db:
            seen = db.execute(
                "SELECT reference, authorised, currency FROM payments WHERE idempotency_key = ?",
                (idempotency_key,),
            ).fetchone()
            if seen is not None:
                if Decimal(seen[1]) != amount or seen[2] != currency:
                    raise IdempotencyConflict("idempotency key reused with other parameters")
                return str(seen[0])
            reference = "auth_" + secrets.token_hex(12)
            db.execute(
                "INSERT INTO payments (reference, idempotency_key, outcome, currency, authorised, "
                "status, created) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    reference,
                    idempotency_key,
                    outcome,
                    currency,
                    str(amount),
                    AUTHORISED,
                    time.time(),
                ),
            )
        return reference

    def capture(self, *, reference: str, amount: Decimal) -> str:
        with self._ledger() as db:
            status, outcome, authorised, _captured, _refunded, auth = self._row(db, reference)
            if status != AUTHORISED:
                raise PaymentStateError(f"cannot capture a payment that is {status}")
            if amount > Decimal(authorised):
                raise PaymentStateError("cannot capture more than was authorised")
            if outcome == "capfail":
                raise PaymentDeclined(
                    _("Your bank refused the payment when it was taken. You were not charged.")
                )
            db.execute(
                "UPDATE payments SET status = ?, captured = ? WHERE reference = ?",
                (CAPTURED, str(amount), auth),
            )
        return "cap_" + auth.removeprefix("auth_")

    def void(self, *, reference: str) -> None:
        with self._ledger() as db:
            status, *_rest, auth = self._row(db, reference)
            if status == VOIDED:
                return  # voiding is idempotent, as a retried void must be
            if status != AUTHORISED:
                raise PaymentStateError(f"cannot void a payment that is {status}; refund it")
            db.execute("UPDATE payments SET status = ? WHERE reference = ?", (VOIDED, auth))

    def refund(self, *, reference: str, amount: Decimal) -> str:
        with self._ledger() as db:
            status, _outcome, _authorised, captured, refunded, auth = self._row(db, reference)
            if status not in (CAPTURED, REFUNDED):
                raise PaymentStateError(f"cannot refund a payment that is {status}")
            left = Decimal(captured) - Decimal(refunded)
            if amount <= 0 or amount > left:
                raise PaymentStateError(f"cannot refund {amount}: {left} left to refund")
            total = Decimal(refunded) + amount
            db.execute(
                "UPDATE payments SET refunded = ?, status = ? WHERE reference = ?",
                (str(total), REFUNDED if total == Decimal(captured) else CAPTURED, auth),
            )
            refund_reference = "ref_" + secrets.token_hex(12)
            db.execute(
                "INSERT INTO refunds (reference, payment, amount, created) VALUES (?, ?, ?, ?)",
                (refund_reference, auth, str(amount), time.time()),
            )
        return refund_reference
