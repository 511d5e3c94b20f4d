"""Cards for tests that call checkout directly: tokens as the test gateway issues them."""

from __future__ import annotations

from shop.orders.payments import PaymentMethod


def card(outcome: str = "ok", last4: str = "4242") -> PaymentMethod:
    """A tokenised test card; ``outcome`` is ok, declined, error or capfail (see the gateway)."""
    return PaymentMethod(
        token=f"tok_{outcome}_{last4}", label=f"Card •••• {last4}", fingerprint=f"fp-{last4}"
    )
