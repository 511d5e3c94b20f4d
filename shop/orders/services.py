"""The money path: cart rules, placing an order, and the order lifecycle.

Every rule lives here once; pages, admin, the API and the assistant all call these services.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from recommendations.models import Interaction
from recommendations.services import interaction_record
from shop.accounts.models import User
from shop.catalogue.models import Product

from .cart import CartStore
from .models import Order, OrderLine, OrderStatus, OrderStatusChange, PaymentTransaction
from .payments import PaymentError, PaymentGatewayError, get_payment_backend
from .shipping import shipping_method_get

logger = logging.getLogger(__name__)

ORDER_NUMBER_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PAID_STATUSES = (OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED)


class ShopError(Exception):
    """A rule said no; ``message`` is written for the customer."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class CartError(ShopError):
    pass


class CheckoutError(ShopError):
    pass


class OutOfStockError(CheckoutError):
    pass


class OrderNotSavedError(CheckoutError):
    """The database refused the order's write; the payment was voided, nothing changed."""


class OrderTransitionError(ShopError):
    pass


# --- Cart ------------------------------------------------------------------------------------


def _check_quantity(product: Product, quantity: int) -> None:
    if not product.is_active:
        raise CartError(_("%(title)s is no longer sold.") % {"title": product.title})
    if product.stock_quantity < 1:
        raise CartError(_("%(title)s is out of stock.") % {"title": product.title})
    if quantity < 1:
        raise CartError(_("The quantity must be at least 1."))
    if quantity > product.stock_quantity:
        raise CartError(
            _("Only %(stock)d of %(title)s in stock.")
            % {"stock": product.stock_quantity, "title": product.title}
        )


def cart_add(
    *,
    store: CartStore,
    product: Product,
    quantity: int,
    user: User | None = None,
    session_key: str = "",
) -> int:
    """Add ``quantity`` more of ``product``; returns the quantity now in the cart."""
    new_quantity = store.quantities().get(product.pk, 0) + quantity
    if quantity < 1:
        raise CartError(_("The quantity must be at least 1."))
    _check_quantity(product, new_quantity)
    store.set(product.pk, new_quantity)
    interaction_record(
        kind=Interaction.Kind.CART,
        product_id=product.pk,
        user=user,
        session_key=session_key,
        weight=quantity,
    )
    return new_quantity


def cart_set_quantity(*, store: CartStore, product: Product, quantity: int) -> None:
    _check_quantity(product, quantity)
    store.set(product.pk, quantity)


def cart_remove(*, store: CartStore, product_id: int) -> None:
    store.remove(product_id)


def cart_merge(*, source: CartStore, target: CartStore) -> None:
    """Move a visitor's cart into the customer's: quantities add, capped at what is in stock."""
    incoming = source.quantities()
    if not incoming:
        return
    existing = target.quantities()
    stock = dict(
        Product.objects.filter(pk__in=incoming, is_active=True).values_list("pk", "stock_quantity")
    )
    with transaction.atomic():
        for product_id, quantity in incoming.items():
            capped = min(existing.get(product_id, 0) + quantity, stock.get(product_id, 0))
            if capped >= 1:
                target.set(product_id, capped)
    source.clear()


# --- Placing an order ------------------------------------------------------------------------


@dataclass(frozen=True)
class ShippingAddress:
    full_name: str
    line1: str
    city: str
    postcode: str
    country: str
    line2: str = ""
    phone: str = ""


def _new_order_number() -> str:
    return "ORD-" + "".join(secrets.choice(ORDER_NUMBER_ALPHABET) for _ in range(8))


def _totals(products: dict[int, Product], quantities: dict[int, int]) -> Decimal:
    return sum(
        (products[pid].price * qty for pid, qty in quantities.items() if pid in products),
        Decimal("0.00"),
    )


def _lock_and_check(quantities: dict[int, int]) -> dict[int, Product]:
    """Lock the cart's product rows in id order (so concurrent checkouts cannot deadlock) and
    re-check availability under the lock."""
    locked = {
        product.pk: product
        for product in Product.objects.select_for_update()
        .filter(pk__in=sorted(quantities))
        .order_by("pk")
    }
    problems = []
    for product_id, quantity in sorted(quantities.items()):
        product = locked.get(product_id)
        if product is None or not product.is_active:
            problems.append(_("A product in your cart is no longer sold."))
        elif product.stock_quantity < quantity:
            if product.stock_quantity == 0:
                problems.append(_("%(title)s is out of stock.") % {"title": product.title})
            else:
                problems.append(
                    _("Only %(stock)d of %(title)s left.")
                    % {"stock": product.stock_quantity, "title": product.title}
                )
    if problems:
        raise OutOfStockError(" ".join(problems))
    return locked


def _record_status(
    order: Order, from_status: str, to_status: str, *, by: User | None = None, note: str = ""
) -> None:
    OrderStatusChange.objects.create(
        order=order,
        from_status=from_status,
        to_status=to_status,
        changed_at=timezone.now(),
        changed_by=by,
        note=note,
    )


def order_place(
    *,
    user: User,
    store: CartStore,
    address: ShippingAddress,
    shipping_method_code: str,
    payment_token: str,
    idempotency_key: str,
) -> Order:
    """Turn the cart into a paid order, all or nothing.

    The card is authorised before any row is locked (a slow gateway must not hold stock locks);
    then, in one transaction, stock rows are locked in a fixed order, availability and the
    amount are re-checked, stock is decremented, the order is written with price snapshots and
    the payment captured. Any failure voids the authorisation and leaves stock and cart as they
    were. The same ``idempotency_key`` always yields the same single order.
    """
    existing = Order.objects.filter(user=user, idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    quantities = store.quantities()
    if not quantities:
        raise CheckoutError(_("Your cart is empty."))
    method = shipping_method_get(shipping_method_code)
    if method is None:
        raise CheckoutError(_("Please choose a shipping method."))

    products = {p.pk: p for p in Product.objects.filter(pk__in=quantities)}
    subtotal = _totals(products, quantities)
    total = subtotal + method.price_for(subtotal)
    backend = get_payment_backend()
    try:
        reference = backend.authorise(
            token=payment_token,
            amount=total,
            currency=settings.SHOP_CURRENCY,
            idempotency_key=idempotency_key,
        )
    except PaymentError as error:
        _note_payment_failure(user=user, amount=total, error=error)
        raise
    try:
        with transaction.atomic():
            order = _write_order(
                user=user,
                quantities=quantities,
                address=address,
                method_code=method.code,
                idempotency_key=idempotency_key,
                authorised_total=total,
                reference=reference,
            )
            # Scored in the same transaction: no one can ship the order before it has a risk.
            _assess_risk(order)
            store.clear()
    except IntegrityError:
        backend.void(reference=reference)
        duplicate = Order.objects.filter(user=user, idempotency_key=idempotency_key).first()
        if duplicate is None:
            raise
        return duplicate
    except (ShopError, PaymentError):
        backend.void(reference=reference)
        raise
    except DatabaseError as error:
        # The transaction rolled back (no order, no stock change, the cart kept): void the
        # authorisation and tell the customer plainly instead of failing with a 500.
        backend.void(reference=reference)
        # The class only: a database message can quote row values (e-mail, address).
        logger.error(
            "Order write failed (%s); the payment authorisation was voided",
            type(error).__name__,
        )
        raise OrderNotSavedError(
            _("We could not save your order just now. You were not charged; please try again.")
        ) from error

    order_id = order.pk
    transaction.on_commit(lambda: _after_order_placed(order_id))
    return order


def _note_payment_failure(*, user: User, amount: Decimal, error: PaymentError) -> None:
    """Declined cards feed order risk; recording one must never hide the payment's error."""
    from shop.risk.models import PaymentFailure
    from shop.risk.services import payment_failure_record

    kind = PaymentFailure.Kind.DECLINED
    if isinstance(error, PaymentGatewayError):
        kind = PaymentFailure.Kind.GATEWAY
    try:
        with transaction.atomic():
            payment_failure_record(user=user, amount=amount, kind=kind)
    except DatabaseError:
        logger.exception("could not record a failed payment")


def _assess_risk(order: Order) -> None:
    from shop.risk.services import order_risk_assess

    order_risk_assess(order=order)


def _write_order(
    *,
    user: User,
    quantities: dict[int, int],
    address: ShippingAddress,
    method_code: str,
    idempotency_key: str,
    authorised_total: Decimal,
    reference: str,
) -> Order:
    locked = _lock_and_check(quantities)
    method = shipping_method_get(method_code)
    assert method is not None
    subtotal = _totals(locked, quantities)
    shipping_price = method.price_for(subtotal)
    total = subtotal + shipping_price
    if total != authorised_total:
        raise CheckoutError(
            _("Prices changed while you were checking out. Please review your order again.")
        )
    now = timezone.now()
    order = Order.objects.create(
        number=_new_order_number(),
        user=user,
        status=OrderStatus.PENDING,
        email=user.email,
        ship_full_name=address.full_name,
        ship_line1=address.line1,
        ship_line2=address.line2,
        ship_city=address.city,
        ship_postcode=address.postcode,
        ship_country=address.country,
        ship_phone=address.phone,
        shipping_method=method.code,
        shipping_method_name=str(method.name),
        shipping_price=shipping_price,
        subtotal=subtotal,
        total=total,
        currency=settings.SHOP_CURRENCY,
        idempotency_key=idempotency_key,
        created_at=now,
    )
    OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            product=locked[pid],
            title=locked[pid].title,
            sku=locked[pid].sku,
            unit_price=locked[pid].price,
            quantity=qty,
        )
        for pid, qty in sorted(quantities.items())
    )
    for pid, qty in quantities.items():
        Product.objects.filter(pk=pid).update(stock_quantity=F("stock_quantity") - qty)
    _record_status(order, "", OrderStatus.PENDING)

    backend = get_payment_backend()
    captured = backend.capture(reference=reference, amount=total)
    PaymentTransaction.objects.bulk_create(
        [
            PaymentTransaction(
                order=order,
                kind=PaymentTransaction.Kind.AUTHORISE,
                amount=total,
                reference=reference,
                backend=backend.name,
            ),
            PaymentTransaction(
                order=order,
                kind=PaymentTransaction.Kind.CAPTURE,
                amount=total,
                reference=captured,
                backend=backend.name,
            ),
        ]
    )
    order.status = OrderStatus.PAID
    order.paid_at = timezone.now()
    order.payment_reference = captured
    order.save(update_fields=["status", "paid_at", "payment_reference"])
    _record_status(order, OrderStatus.PENDING, OrderStatus.PAID)
    return order


def _after_order_placed(order_id: int) -> None:
    from .tasks import send_order_confirmation

    order = Order.objects.select_related("user").prefetch_related("lines").get(pk=order_id)
    for line in order.lines.all():
        if line.product_id is not None:
            interaction_record(
                kind=Interaction.Kind.PURCHASE,
                product_id=line.product_id,
                user=order.user,
                weight=line.quantity,
            )
    try:
        send_order_confirmation.delay(order_id)
    except Exception:  # the broker may be down; the order stands and staff can resend
        logger.exception("could not queue the confirmation of order %s", order_id)


def order_confirmation_send(*, order_id: int) -> None:
    """E-mail the order summary to the customer."""
    from django.core.mail import send_mail
    from django.template.loader import render_to_string

    order = Order.objects.prefetch_related("lines").get(pk=order_id)
    context = {"order": order, "shop_name": settings.SHOP_NAME}
    send_mail(
        subject=render_to_string("orders/email/confirmation_subject.txt", context).strip(),
        message=render_to_string("orders/email/confirmation.txt", context),
        from_email=None,
        recipient_list=[order.email],
    )


# --- Lifecycle -------------------------------------------------------------------------------

ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    OrderStatus.PENDING: {OrderStatus.PAID, OrderStatus.CANCELLED},
    OrderStatus.PAID: {OrderStatus.SHIPPED, OrderStatus.CANCELLED, OrderStatus.REFUNDED},
    OrderStatus.SHIPPED: {OrderStatus.DELIVERED, OrderStatus.REFUNDED},
    OrderStatus.DELIVERED: {OrderStatus.REFUNDED},
}
_TIMESTAMP_FIELD: dict[str, str] = {
    OrderStatus.PAID: "paid_at",
    OrderStatus.SHIPPED: "shipped_at",
    OrderStatus.DELIVERED: "delivered_at",
    OrderStatus.CANCELLED: "cancelled_at",
    OrderStatus.REFUNDED: "refunded_at",
}


def _restock(order: Order) -> None:
    for line in order.lines.all():
        if line.product_id is not None:
            Product.objects.filter(pk=line.product_id).update(
                stock_quantity=F("stock_quantity") + line.quantity
            )


def _refund(order: Order) -> None:
    backend = get_payment_backend()
    reference = backend.refund(reference=order.payment_reference, amount=order.total)
    PaymentTransaction.objects.create(
        order=order,
        kind=PaymentTransaction.Kind.REFUND,
        amount=order.total,
        reference=reference,
        backend=backend.name,
    )


def _refuse_if_held(order: Order) -> None:
    from shop.risk.selectors import order_hold_get

    hold = order_hold_get(order_id=order.pk)
    if hold is not None:
        raise OrderTransitionError(
            _(
                "Order %(number)s is held for risk review (%(why)s) and cannot ship until staff "
                "approve it under Order risk > Orders held for review."
            )
            % {"number": order.number, "why": "; ".join(hold.reasons[:2]) or hold.score}
        )


@transaction.atomic
def order_transition(
    *,
    order: Order,
    to_status: str,
    by: User | None = None,
    note: str = "",
    tracking_number: str = "",
) -> Order:
    """Move an order along its lifecycle; the one place the rules of that are enforced.

    Cancelling returns the stock and gives the money back; refunding gives the money back and
    returns the stock if the parcel never left.
    """
    order = Order.objects.select_for_update().get(pk=order.pk)
    current = order.status
    if to_status not in ALLOWED_TRANSITIONS.get(current, set()):
        raise OrderTransitionError(
            _("Order %(number)s is %(current)s and cannot become %(target)s.")
            % {
                "number": order.number,
                "current": OrderStatus(current).label,
                "target": OrderStatus(to_status).label,
            }
        )
    if to_status == OrderStatus.SHIPPED:
        _refuse_if_held(order)
    was_paid = current in PAID_STATUSES
    not_shipped = current in (OrderStatus.PENDING, OrderStatus.PAID)
    if to_status in (OrderStatus.CANCELLED, OrderStatus.REFUNDED):
        if was_paid:
            _refund(order)
        if not_shipped:
            _restock(order)
    fields = ["status", _TIMESTAMP_FIELD[to_status]]
    order.status = to_status
    setattr(order, _TIMESTAMP_FIELD[to_status], timezone.now())
    if tracking_number:
        order.tracking_number = tracking_number
        fields.append("tracking_number")
    order.save(update_fields=fields)
    _record_status(order, current, to_status, by=by, note=note)
    return order


def order_cancel_by_customer(*, user: User, order: Order) -> Order:
    """A customer cancels their own order, which is allowed until it ships."""
    if order.user_id != user.pk:
        raise OrderTransitionError(_("No such order."))
    if not order.can_cancel:
        raise OrderTransitionError(
            _("Order %(number)s has already shipped and can no longer be cancelled.")
            % {"number": order.number}
        )
    return order_transition(
        order=order, to_status=OrderStatus.CANCELLED, by=user, note="cancelled by customer"
    )
