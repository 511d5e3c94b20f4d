"""Promotions' writes: applying a voucher to a cart, redeeming it in the order's transaction,
giving a cancelled order's use back. (Variant prices are noted by the database:
``price_history``.)"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shop.core.errors import ConflictError, UnprocessableError
from shop.orders.cart import CartStore
from shop.orders.quotes import CartSummary

from .models import Voucher, VoucherUse
from .selectors import voucher_problem, voucher_uses_counted, voucher_verdict


class VoucherError(UnprocessableError):
    """A code that cannot be applied: unknown, expired, used up, not for this cart (a 422: the
    request is well formed, the code does not work for it)."""

    code = "voucher_rejected"


class VoucherUsedUpError(ConflictError):
    code = "voucher_used_up"


def voucher_apply(*, store: CartStore, code: str, country: str, user_id: int | None) -> CartSummary:
    """Keep ``code`` on the cart if it lowers this cart's total now; otherwise refuse with why
    (``voucher_verdict``) and change nothing. Returns the cart priced with the code."""
    verdict = voucher_verdict(store=store, code=code, country=country, user_id=user_id)
    if verdict.problem or verdict.summary is None:
        raise VoucherError(verdict.problem)
    store.set_voucher_code(verdict.code)
    return verdict.summary


def voucher_remove(*, store: CartStore) -> None:
    store.set_voucher_code("")


def voucher_redeem(
    *, order_id: int, user_id: int | None, voucher_code: str, amount: Decimal
) -> VoucherUse:
    """Record the order's use of the voucher, inside the order's transaction.

    The voucher's row is locked first, so concurrent checkouts count its uses one after the
    other: with N uses left exactly N orders get it and the others are refused (and rolled
    back, their authorisation voided, by checkout)."""
    with transaction.atomic():
        voucher = (
            Voucher.objects.select_for_update()
            .select_related("promotion")
            .filter(code__iexact=voucher_code)
            .first()
        )
        problem = voucher_problem(voucher=voucher, user_id=user_id, now=timezone.now())
        if voucher is None or problem:
            raise VoucherUsedUpError(
                problem or _("The code %(code)s is no longer valid.") % {"code": voucher_code}
            )
        return VoucherUse.objects.create(
            voucher=voucher, user_id=user_id, order_id=order_id, amount=amount
        )


def voucher_use_release(*, order_id: int) -> int:
    """A cancelled order gives its voucher use back (the row stays, marked); returns how many
    uses were released."""
    return VoucherUse.objects.filter(order_id=order_id, released_at__isnull=True).update(
        released_at=timezone.now()
    )


def voucher_uses_left(*, voucher: Voucher) -> int | None:
    if voucher.max_uses is None:
        return None
    return max(voucher.max_uses - voucher_uses_counted(voucher=voucher), 0)
