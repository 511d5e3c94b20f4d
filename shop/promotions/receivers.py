"""How promotions take part in pricing and the order lifecycle, registered from ``ready()``.

Orders does not import promotions: this app offers its live promotions and a cart's voucher
through orders' discount provider hook, redeems the voucher inside the order's transaction,
gives the use back when orders announces a cancellation, and after every ``migrate`` makes sure
the database triggers that note each variant price change are in place (``price_history``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from shop.catalogue.models import Category
from shop.core import events, page_cache
from shop.orders.events import OrderCancelled
from shop.orders.hooks import CartOffers, register_discount_provider

from .models import Promotion
from .price_history import INSTALLED_BY, price_history_install
from .selectors import (
    automatic_offers_deps,
    automatic_offers_stamp,
    cart_offers_get,
    promotions_changed,
)
from .services import voucher_redeem, voucher_use_release


class PromotionsDiscounts:
    def offers_for(self, *, user_id: int | None, voucher_code: str) -> CartOffers:
        return cart_offers_get(user_id=user_id, voucher_code=voucher_code)

    def redeem(
        self, *, order_id: int, user_id: int | None, voucher_code: str, amount: Decimal
    ) -> None:
        voucher_redeem(order_id=order_id, user_id=user_id, voucher_code=voucher_code, amount=amount)


def on_order_cancelled(event: OrderCancelled) -> None:
    voucher_use_release(order_id=event.order_id)


def on_migrated(sender: AppConfig, *, using: str = "default", **kwargs: Any) -> None:
    """A migration may have rebuilt the variants' table (SQLite drops its triggers then)."""
    if sender.label != "promotions":
        return
    connection = connections[using]
    # Only once the migration that installs them is applied (not after migrating back).
    if ("promotions", INSTALLED_BY) in MigrationRecorder(connection).applied_migrations():
        price_history_install(connection)


def on_promotions_changed(sender: Any, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        promotions_changed()


def connect() -> None:
    register_discount_provider(PromotionsDiscounts(), uid="promotions")
    # Listings, product and home pages show promoted prices from the page cache.
    page_cache.register_key_part("promotions", automatic_offers_stamp, deps=automatic_offers_deps)
    events.subscribe(OrderCancelled, on_order_cancelled, uid="promotions.voucher_release")
    post_migrate.connect(on_migrated, dispatch_uid="promotions.price_history")
    for model in (Promotion, Category):
        uid = f"promotions.changed.{model.__name__}"
        post_save.connect(on_promotions_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(on_promotions_changed, sender=model, dispatch_uid=uid)
    for field in ("products", "product_types", "categories"):
        through = getattr(Promotion, field).through
        m2m_changed.connect(
            on_promotions_changed, sender=through, dispatch_uid=f"promotions.changed.{field}"
        )
