"""The rows of a new order, as checkout writes them inside its transaction (``checkout``):
the order with its snapshots (title, variant, SKU, price, tax, the discount per line and on the
order), its lines, its authorisation and its first status."""

from __future__ import annotations

import secrets

from django.utils import timezone

from shop.accounts.models import User
from shop.catalogue.models import ProductVariant
from shop.shipping.selectors import ShippingOffer

from .. import pricing
from ..hooks import ShippingAddress, postcode_normal
from ..models import Order, OrderLine, OrderStatus, PaymentStatus, PaymentTransaction
from ..payments import PaymentMethod
from .history import status_record

ORDER_NUMBER_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _new_order_number() -> str:
    return "ORD-" + "".join(secrets.choice(ORDER_NUMBER_ALPHABET) for _ in range(8))


def order_rows_write(
    *,
    user: User | None,
    email: str,
    address: ShippingAddress,
    offer: ShippingOffer,
    idempotency_key: str,
    fingerprint: str,
    variants: dict[int, ProductVariant],
    priced: pricing.Quote,
    payment: PaymentMethod,
    reference: str,
    backend_name: str,
) -> Order:
    """The order, its lines and its authorisation, as ``priced`` before the transaction;
    ``_reserve`` checks under the stock lock that those prices still hold."""
    voucher_code = voucher_code_of(priced)
    order = Order.objects.create(
        number=_new_order_number(),
        user=user,
        status=OrderStatus.PENDING,
        payment_status=PaymentStatus.AUTHORISED,
        email=email,
        is_guest=user is None,
        ship_full_name=address.full_name,
        ship_line1=address.line1,
        ship_line2=address.line2,
        ship_city=address.city,
        ship_postcode=postcode_normal(address.postcode),
        ship_country=address.country.upper(),
        ship_phone=address.phone,
        shipping_method=offer.code,
        shipping_method_name=offer.name,
        shipping_days=offer.days,
        shipping_price=priced.shipping,
        shipping_tax=priced.shipping_tax,
        shipping_tax_rate=priced.shipping_tax_rate,
        subtotal=priced.subtotal,
        discount_total=priced.discount,
        shipping_discount=priced.shipping_discount,
        voucher_code=voucher_code,
        discounts=_discount_snapshot(priced),
        tax_total=priced.tax,
        total=priced.total,
        currency=priced.currency,
        prices_include_tax=priced.prices_include_tax,
        payment_reference=reference,
        payment_card=payment.label,
        idempotency_key=idempotency_key,
        request_fingerprint=fingerprint,
        created_at=timezone.now(),
    )
    lines = []
    for line in priced.lines:
        variant = variants[line.key]  # type: ignore[index]
        lines.append(
            OrderLine(
                order=order,
                product=variant.product,
                variant=variant,
                title=variant.product.title,
                variant_name=variant.name,
                sku=variant.sku,
                unit_price=line.unit_price,
                quantity=line.quantity,
                tax_rate=line.tax_rate,
                tax_amount=line.tax,
                discount=line.discount,
            )
        )
    OrderLine.objects.bulk_create(lines)
    PaymentTransaction.objects.create(
        order=order,
        kind=PaymentTransaction.Kind.AUTHORISE,
        amount=priced.total,
        reference=reference,
        backend=backend_name,
    )
    status_record(order, "", OrderStatus.PENDING)
    return order


def voucher_code_of(priced: pricing.Quote) -> str:
    return next(
        (a.offer.voucher_code for a in priced.discounts.applied if a.offer.voucher_code), ""
    )


def _discount_snapshot(priced: pricing.Quote) -> list[dict[str, str]]:
    """What the order keeps of each discount applied: its name, amount and voucher code."""
    return [
        {
            "name": applied.offer.name,
            "amount": str(priced.shipping_discount if applied.free_shipping else applied.amount),
            "code": applied.offer.voucher_code,
        }
        for applied in priced.discounts.applied
    ]
