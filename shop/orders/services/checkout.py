"""Checkout: the cart becomes an order, all or nothing, and its money is taken after the commit.

The order of the steps is the design (Saleor's ``complete_checkout`` does the same):

1. Refuse a country the shop does not deliver to; price the cart for that country (its zone's
   shipping, its tax rates) and let the checkout assessors (risk) look at it, before any lock.
2. Authorise the card, before any lock: a slow gateway must not hold stock locks.
3. In one transaction: write the order with its snapshots (title, variant, SKU, price, tax,
   the discount per line and on the order; ``order_rows``) and the assessors' verdicts, empty
   the cart; then, last, reserve the stock (variant rows locked in id order, availability and
   prices re-checked under the lock) and redeem the voucher (the discount provider locks its
   row: a code used up meanwhile refuses the order). The rows other checkouts wait for are
   thus locked only for the stock update and the commit.
   Any failure rolls it all back and voids the authorisation, which was never captured.
4. After the commit, capture (``payments.order_payment_capture``), unless a guard holds the
   order (risk review). A capture that fails cancels the order and releases its stock; a
   failure after the money was taken refunds it, never voids it.

The same ``Idempotency-Key`` always yields the same single order; reused for a different
request it is refused. The gateway sees a key derived from the customer and theirs, so two
customers' keys can never meet at the gateway. A guest (``guests.Guest``) goes the same way,
their session's secret standing in for the customer's id.
"""

from __future__ import annotations

import logging
from typing import NotRequired, TypedDict, Unpack

from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shop.accounts.models import User
from shop.catalogue.models import ProductVariant
from shop.catalogue.selectors import variants_in_bulk
from shop.catalogue.services import stock_reserve
from shop.core import events
from shop.core.errors import ShopError
from shop.shipping.selectors import ShippingOffer

from .. import pricing
from ..cart import CartStore
from ..errors import CheckoutError, IdempotencyKeyReusedError, OrderNotSavedError
from ..events import OrderPlaced, PaymentFailed
from ..guests import Guest
from ..hooks import (
    CartOffers,
    CheckoutAssessor,
    CheckoutDraft,
    ShippingAddress,
    cart_offers,
    checkout_assessors,
    discount_providers,
)
from ..models import Order
from ..payments import (
    IdempotencyConflict,
    PaymentError,
    PaymentGatewayError,
    PaymentMethod,
    get_payment_backend,
)
from ..selectors import cart_quote
from ..shipping import delivery_check, offer_check
from .idempotency import (
    checkout_fingerprint,
    gateway_key,
    order_for_idempotency_key,
    orders_of,
    storage_key,
)
from .order_rows import order_rows_write, voucher_code_of
from .payments import order_payment_capture, payment_void_quietly

logger = logging.getLogger(__name__)


def _assess(draft: CheckoutDraft) -> list[tuple[CheckoutAssessor, object]]:
    verdicts: list[tuple[CheckoutAssessor, object]] = []
    for assessor in checkout_assessors():
        try:
            verdicts.append((assessor, assessor.assess(draft)))
        except Exception:
            # An assessor records a missing verdict its own way (risk holds the order).
            logger.exception("checkout assessor %s failed", type(assessor).__name__)
            verdicts.append((assessor, None))
    return verdicts


class OrderRequest(TypedDict):
    """``order_place``'s arguments, which are ``order_place_once``'s."""

    user: User | None
    store: CartStore
    address: ShippingAddress
    shipping_method_code: str
    payment: PaymentMethod
    idempotency_key: str
    guest: NotRequired[Guest | None]


def order_place(**request: Unpack[OrderRequest]) -> Order:
    """Turn the cart into an order and take its money (see the module's docstring), for a
    signed-in ``user`` or, with ``user=None``, a ``guest``.

    Returns the order: paid, or pending while a guard (risk review) holds its capture.
    """
    order, _placed = order_place_once(**request)
    return order


def order_place_once(
    *,
    user: User | None,
    store: CartStore,
    address: ShippingAddress,
    shipping_method_code: str,
    payment: PaymentMethod,
    idempotency_key: str,
    guest: Guest | None = None,
) -> tuple[Order, bool]:
    """``order_place``, telling apart (order, True), placed by this call, from (order, False),
    the order this ``idempotency_key`` placed before (a retry): one lookup of the key, where
    a caller that asked first and then placed paid two."""
    if (user is None) == (guest is None):
        raise ValueError("order_place takes a customer or a guest")
    fingerprint = checkout_fingerprint(
        address=address,
        shipping_method_code=shipping_method_code,
        payment_fingerprint=payment.fingerprint,
    )
    existing = order_for_idempotency_key(
        user=user, key=idempotency_key, fingerprint=fingerprint, guest=guest
    )
    if existing is not None:
        return existing, False
    stored_key = storage_key(guest, idempotency_key)
    user_id = user.pk if user is not None else None
    email = user.email if user is not None else guest.email if guest is not None else ""
    quantities = store.quantities()
    if not quantities:
        raise CheckoutError(_("Your cart is empty."))
    country = address.country.strip().upper()
    offer = offer_check(delivery_check(country), shipping_method_code)

    variants = variants_in_bulk(quantities)
    offers = cart_offers(user_id=user_id, voucher_code=store.voucher_code())
    if offers.voucher_problem:
        # The code stopped working since it was applied (expired, used up): say so, charge
        # nothing; the customer removes it or tries again.
        raise CheckoutError(offers.voucher_problem, code="voucher_invalid")
    priced = cart_quote(
        variants=variants,
        quantities=quantities,
        country=country,
        offer=offer,
        offers=offers,
        user_id=user_id,
    )
    product_lines = _product_lines(variants, quantities)
    verdicts = _assess(
        CheckoutDraft(
            user_id=user_id,
            email=email,
            amount=priced.total,
            currency=priced.currency,
            address=address,
            lines=product_lines,
            placed_at=timezone.now(),
        )
    )
    backend = get_payment_backend()
    try:
        reference = backend.authorise(
            token=payment.token,
            amount=priced.total,
            currency=priced.currency,
            idempotency_key=gateway_key(user, stored_key),
        )
    except PaymentError as error:
        kind = "gateway" if isinstance(error, PaymentGatewayError) else "declined"
        if user is not None:  # risk counts an account's declined cards; a guest has none
            events.publish(PaymentFailed(user_id=user.pk, amount=priced.total, kind=kind))
        raise
    except IdempotencyConflict as error:
        # The same key came with another amount: the cart changed between two submissions.
        raise IdempotencyKeyReusedError(
            _("This Idempotency-Key was used for a different cart. Use a new key.")
        ) from error

    try:
        # Durable: this must be the outermost transaction, so leaving it means committed and
        # the capture below never runs before the order exists for everyone.
        with transaction.atomic(durable=True):
            order = order_rows_write(
                user=user,
                email=email,
                address=address,
                offer=offer,
                idempotency_key=stored_key,
                fingerprint=fingerprint,
                variants=variants,
                priced=priced,
                payment=payment,
                reference=reference,
                backend_name=backend.name,
            )
            for assessor, verdict in verdicts:
                assessor.record(order_id=order.pk, verdict=verdict)
            store.clear()
            # Last, so the rows other checkouts wait for are locked only for the stock update
            # and the commit: everything above writes rows of this order and this customer.
            _reserve(
                order=order,
                quantities=quantities,
                country=country,
                offer=offer,
                offers=offers,
                expected=priced,
            )
    except IntegrityError:
        duplicate = orders_of(user).filter(idempotency_key=stored_key).first()
        if duplicate is None:
            payment_void_quietly(backend=backend, reference=reference)
            raise
        # Lost a race with the same key: the winner's order stands. The gateway gave both
        # requests one authorisation for one key, so it is the winner's: never touch it.
        if duplicate.payment_reference != reference:
            payment_void_quietly(backend=backend, reference=reference)
        order_for_idempotency_key(
            user=user, key=idempotency_key, fingerprint=fingerprint, guest=guest
        )
        return duplicate, False
    except ShopError:
        payment_void_quietly(backend=backend, reference=reference)
        raise
    except DatabaseError as error:
        # Rolled back: no order, no stock change, the cart kept. Void and say so plainly.
        payment_void_quietly(backend=backend, reference=reference)
        # The class only: a database message can quote row values (e-mail, address).
        logger.error("Order write failed (%s); the authorisation was voided", type(error).__name__)
        raise OrderNotSavedError(
            _("We could not save your order just now. You were not charged; please try again.")
        ) from error

    events.publish(OrderPlaced(order_id=order.pk, user_id=user_id, lines=product_lines))
    try:
        return order_payment_capture(order_id=order.pk), True
    except PaymentError:
        # The order was cancelled and its stock released: give the customer their cart back.
        for variant_id, quantity in quantities.items():
            store.set(variant_id, quantity)
        if offers.voucher_code:
            store.set_voucher_code(offers.voucher_code)
        raise


def _product_lines(
    variants: dict[int, ProductVariant], quantities: dict[int, int]
) -> tuple[tuple[int | None, int], ...]:
    """(product id, units) per line, as the apps above orders learn from them."""
    return tuple(
        (variants[vid].product_id if vid in variants else None, qty)
        for vid, qty in sorted(quantities.items())
    )


def _reserve(
    *,
    order: Order,
    quantities: dict[int, int],
    country: str,
    offer: ShippingOffer,
    offers: CartOffers,
    expected: pricing.Quote,
) -> None:
    """Take the stock (variant rows locked in id order, availability re-checked), check that
    the locked rows price the cart as the order was written, then redeem the voucher (its
    provider locks its row: a code used up meanwhile refuses the order)."""
    locked = stock_reserve(quantities=quantities)
    priced = cart_quote(
        variants=locked,
        quantities=quantities,
        country=country,
        offer=offer,
        offers=offers,
        user_id=order.user_id,
    )
    if _prices(priced) != _prices(expected):
        raise CheckoutError(
            _("Prices changed while you were checking out. Please review your order again.")
        )
    voucher_code = voucher_code_of(priced)
    if voucher_code:
        applied = priced.discounts.applied
        amount = sum((a.amount for a in applied if a.offer.voucher_code), pricing.ZERO)
        for provider in discount_providers():
            provider.redeem(
                order_id=order.pk, user_id=order.user_id, voucher_code=voucher_code, amount=amount
            )


def _prices(quote: pricing.Quote) -> tuple[object, ...]:
    """What the order keeps of a quote: every line's prices, tax and discount, and the totals."""
    return (
        quote.lines,
        quote.subtotal,
        quote.shipping,
        quote.shipping_tax,
        quote.discount,
        quote.shipping_discount,
        quote.tax,
        quote.total,
        quote.currency,
    )
