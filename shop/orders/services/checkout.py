"""Checkout: the cart becomes an order, all or nothing, and its money is taken after the commit.

The order of the steps is the design (Saleor's ``complete_checkout`` does the same):

1. Price the cart and let the checkout assessors (risk) look at it, before any lock.
2. Authorise the card, before any lock: a slow gateway must not hold stock locks.
3. In one transaction: reserve the stock (rows locked in id order, availability re-checked),
   write the order with its price snapshots and the assessors' verdicts, empty the cart.
   Any failure rolls it all back and voids the authorisation, which was never captured.
4. After the commit, capture (``payments.order_payment_capture``), unless a guard holds the
   order (risk review). A capture that fails cancels the order and releases its stock; a
   failure after the money was taken refunds it, never voids it.

The same ``Idempotency-Key`` always yields the same single order; reused for a different
request it is refused. The gateway sees a key derived from the customer and theirs, so two
customers' keys can never meet at the gateway.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
from dataclasses import asdict

from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shop.accounts.models import User
from shop.catalogue.models import Product
from shop.catalogue.services import stock_reserve
from shop.core import events
from shop.core.errors import ShopError

from .. import pricing
from ..cart import CartStore
from ..errors import CheckoutError, IdempotencyKeyReusedError, OrderNotSavedError
from ..events import OrderPlaced, PaymentFailed
from ..hooks import (
    CheckoutAssessor,
    CheckoutDraft,
    ShippingAddress,
    checkout_assessors,
    postcode_normal,
)
from ..models import Order, OrderLine, OrderStatus, PaymentStatus, PaymentTransaction
from ..payments import (
    IdempotencyConflict,
    PaymentError,
    PaymentGatewayError,
    PaymentMethod,
    get_payment_backend,
)
from ..selectors import cart_quote
from ..shipping import ShippingMethod, shipping_method_get
from .history import status_record
from .payments import order_payment_capture, payment_void_quietly

logger = logging.getLogger(__name__)

ORDER_NUMBER_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _new_order_number() -> str:
    return "ORD-" + "".join(secrets.choice(ORDER_NUMBER_ALPHABET) for _ in range(8))


def checkout_fingerprint(
    *, address: ShippingAddress, shipping_method_code: str, payment_fingerprint: str
) -> str:
    """What identifies a checkout request, so a reused ``Idempotency-Key`` can be told from a
    retry: the address, the delivery method and the card (by the gateway's fingerprint, as a
    retry tokenises the card afresh)."""
    canonical = {
        **{name: str(value).strip() for name, value in asdict(address).items()},
        "country": address.country.strip().upper(),
        "shipping_method": shipping_method_code,
        "card": payment_fingerprint,
    }
    return hashlib.sha256(json.dumps(canonical, sort_keys=True).encode()).hexdigest()


def _gateway_key(user: User, idempotency_key: str) -> str:
    return hashlib.sha256(f"checkout:{user.pk}:{idempotency_key}".encode()).hexdigest()[:48]


def order_for_idempotency_key(*, user: User, key: str, fingerprint: str) -> Order | None:
    """The order ``key`` already placed for this customer; refused if it was another request."""
    existing = Order.objects.filter(user=user, idempotency_key=key).first()
    if existing is not None and existing.request_fingerprint not in ("", fingerprint):
        raise IdempotencyKeyReusedError(
            _(
                "This Idempotency-Key already placed order %(number)s from a different request. "
                "Use a new key for a new order."
            )
            % {"number": existing.number}
        )
    return existing


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


def order_place(
    *,
    user: User,
    store: CartStore,
    address: ShippingAddress,
    shipping_method_code: str,
    payment: PaymentMethod,
    idempotency_key: str,
) -> Order:
    """Turn the cart into an order and take its money (see the module's docstring).

    Returns the order: paid, or pending while a guard (risk review) holds its capture.
    """
    fingerprint = checkout_fingerprint(
        address=address,
        shipping_method_code=shipping_method_code,
        payment_fingerprint=payment.fingerprint,
    )
    existing = order_for_idempotency_key(user=user, key=idempotency_key, fingerprint=fingerprint)
    if existing is not None:
        return existing
    quantities = store.quantities()
    if not quantities:
        raise CheckoutError(_("Your cart is empty."))
    method = shipping_method_get(shipping_method_code)
    if method is None:
        raise CheckoutError(_("Please choose a shipping method."))

    priced = cart_quote(
        products=Product.objects.in_bulk(list(quantities)), quantities=quantities, method=method
    )
    verdicts = _assess(
        CheckoutDraft(
            user_id=user.pk,
            email=user.email,
            amount=priced.total,
            currency=priced.currency,
            address=address,
            lines=tuple(sorted(quantities.items())),
            placed_at=timezone.now(),
        )
    )
    backend = get_payment_backend()
    try:
        reference = backend.authorise(
            token=payment.token,
            amount=priced.total,
            currency=priced.currency,
            idempotency_key=_gateway_key(user, idempotency_key),
        )
    except PaymentError as error:
        kind = "gateway" if isinstance(error, PaymentGatewayError) else "declined"
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
            order = _write_order(
                user=user,
                quantities=quantities,
                address=address,
                method=method,
                idempotency_key=idempotency_key,
                fingerprint=fingerprint,
                expected=priced,
                payment=payment,
                reference=reference,
                backend_name=backend.name,
            )
            for assessor, verdict in verdicts:
                assessor.record(order_id=order.pk, verdict=verdict)
            store.clear()
    except IntegrityError:
        duplicate = Order.objects.filter(user=user, idempotency_key=idempotency_key).first()
        if duplicate is None:
            payment_void_quietly(backend=backend, reference=reference)
            raise
        # Lost a race with the same key: the winner's order stands. The gateway gave both
        # requests one authorisation for one key, so it is the winner's: never touch it.
        if duplicate.payment_reference != reference:
            payment_void_quietly(backend=backend, reference=reference)
        order_for_idempotency_key(user=user, key=idempotency_key, fingerprint=fingerprint)
        return duplicate
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

    events.publish(
        OrderPlaced(order_id=order.pk, user_id=user.pk, lines=tuple(sorted(quantities.items())))
    )
    try:
        return order_payment_capture(order_id=order.pk)
    except PaymentError:
        # The order was cancelled and its stock released: give the customer their cart back.
        for product_id, quantity in quantities.items():
            store.set(product_id, quantity)
        raise


def _write_order(
    *,
    user: User,
    quantities: dict[int, int],
    address: ShippingAddress,
    method: ShippingMethod,
    idempotency_key: str,
    fingerprint: str,
    expected: pricing.Quote,
    payment: PaymentMethod,
    reference: str,
    backend_name: str,
) -> Order:
    locked = stock_reserve(quantities=quantities)
    priced = cart_quote(products=locked, quantities=quantities, method=method)
    if priced.total != expected.total:
        raise CheckoutError(
            _("Prices changed while you were checking out. Please review your order again.")
        )
    order = Order.objects.create(
        number=_new_order_number(),
        user=user,
        status=OrderStatus.PENDING,
        payment_status=PaymentStatus.AUTHORISED,
        email=user.email,
        ship_full_name=address.full_name,
        ship_line1=address.line1,
        ship_line2=address.line2,
        ship_city=address.city,
        ship_postcode=postcode_normal(address.postcode),
        ship_country=address.country.upper(),
        ship_phone=address.phone,
        shipping_method=method.code,
        shipping_method_name=str(method.name),
        shipping_price=priced.shipping,
        subtotal=priced.subtotal,
        total=priced.total,
        currency=priced.currency,
        payment_reference=reference,
        payment_card=payment.label,
        idempotency_key=idempotency_key,
        request_fingerprint=fingerprint,
        created_at=timezone.now(),
    )
    OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            product=locked[line.key],  # type: ignore[index]
            title=locked[line.key].title,  # type: ignore[index]
            sku=locked[line.key].sku,  # type: ignore[index]
            unit_price=line.unit_price,
            quantity=line.quantity,
        )
        for line in priced.lines
    )
    PaymentTransaction.objects.create(
        order=order,
        kind=PaymentTransaction.Kind.AUTHORISE,
        amount=priced.total,
        reference=reference,
        backend=backend_name,
    )
    status_record(order, "", OrderStatus.PENDING)
    return order
