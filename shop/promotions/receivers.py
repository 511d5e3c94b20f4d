"""How promotions take part in pricing and the order lifecycle, registered from ``ready()``.

Orders does not import promotions: this app offers its live promotions and a cart's voucher
through orders' discount provider hook, redeems the voucher inside the order's transaction,
gives the use back when orders announces a cancellation, and notes every variant price change
(the EU's lowest-price-in-30-days reference).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from shop.catalogue.models import Category, ProductVariant
from shop.core import events
from shop.orders.events import OrderCancelled
from shop.orders.hooks import CartOffers, register_discount_provider

from .models import Promotion
from .selectors import cart_offers_get, promotions_changed
from .services import variant_price_record, voucher_redeem, voucher_use_release


class PromotionsDiscounts:
    def offers_for(self, *, user_id: int | None, voucher_code: str) -> CartOffers:
        return cart_offers_get(user_id=user_id, voucher_code=voucher_code)

    def redeem(
        self, *, order_id: int, user_id: int | None, voucher_code: str, amount: Decimal
    ) -> None:
        voucher_redeem(order_id=order_id, user_id=user_id, voucher_code=voucher_code, amount=amount)


def on_order_cancelled(event: OrderCancelled) -> None:
    voucher_use_release(order_id=event.order_id)


def on_variant_saved(sender: Any, instance: ProductVariant, **kwargs: Any) -> None:
    fields = kwargs.get("update_fields")
    if kwargs.get("raw") or (fields is not None and "price" not in fields):
        return
    variant_price_record(variant_id=instance.pk, price=instance.price)


def on_promotions_changed(sender: Any, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        promotions_changed()


def connect() -> None:
    register_discount_provider(PromotionsDiscounts(), uid="promotions")
    events.subscribe(OrderCancelled, on_order_cancelled, uid="promotions.voucher_release")
    post_save.connect(on_variant_saved, sender=ProductVariant, dispatch_uid="promotions.price")
    for model in (Promotion, Category):
        uid = f"promotions.changed.{model.__name__}"
        post_save.connect(on_promotions_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(on_promotions_changed, sender=model, dispatch_uid=uid)
    for field in ("products", "product_types", "categories"):
        through = getattr(Promotion, field).through
        m2m_changed.connect(
            on_promotions_changed, sender=through, dispatch_uid=f"promotions.changed.{field}"
        )
